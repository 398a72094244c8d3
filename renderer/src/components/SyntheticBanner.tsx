import { useWorkbenchStore } from '../state/workbench-store';

/** Whenever the open workbench is the synthetic demo, say so plainly: its figures must never be mistaken for real ones. */
export function SyntheticBanner() {
  const info = useWorkbenchStore((s) => s.info);
  if (info?.isSynthetic !== true) return null;
  return (
    <div className="synthetic-banner" role="note" data-testid="synthetic-banner">
      <strong>Synthetic demo data — not real crimes or people</strong>
      {info.description !== null && info.description !== '' && <span className="synthetic-description">{info.description}</span>}
    </div>
  );
}
