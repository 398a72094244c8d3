import { COMPARE_HELP } from '../../../shared/pivot/rate-compare';
import { exportPivot } from '../actions/export-actions';
import { usePivotStore } from '../state/pivot-store';
import { type DisplayPreferences, SMALL_COUNTS_HELP, SMALL_COUNT_THRESHOLD, useUiStore } from '../state/ui-store';

const TOGGLES = [
  { key: 'isHeatmap', label: 'Heatmap', title: 'Colour cells by value (colour-blind-safe blues)' },
  { key: 'hidesEmptyRows', label: 'Hide empty rows', title: 'Hide rows with no records in the columns shown' },
  { key: 'showsSmallCounts', label: `Show counts below ${SMALL_COUNT_THRESHOLD} as <${SMALL_COUNT_THRESHOLD}`, title: SMALL_COUNTS_HELP },
] as const satisfies readonly { key: keyof DisplayPreferences; label: string; title: string }[];

/** Display settings for the grid (preferences, not part of a saved view) and exports of the table as shown. */
export function PivotGridToolbar() {
  const preferences = useUiStore();
  const hasResult = usePivotStore((s) => s.result !== null);
  const isRate = usePivotStore((s) => s.result?.spec.measure === 'rate');
  return (
    <div className="grid-toolbar" role="group" aria-label="Table display and export">
      {TOGGLES.map((toggle) => (
        <label key={toggle.key} className="check" title={toggle.title}>
          <input
            type="checkbox"
            data-testid={`toggle-${toggle.key}`}
            checked={preferences[toggle.key]}
            onChange={(e) => preferences.setPreference(toggle.key, e.target.checked)}
          />
          {toggle.label}
        </label>
      ))}
      {isRate && (
        <label className="check" title={COMPARE_HELP}>
          <input
            type="checkbox"
            data-testid="toggle-comparesWithTotal"
            checked={preferences.comparesWithTotal}
            onChange={(e) => preferences.setPreference('comparesWithTotal', e.target.checked)}
          />
          Compare with the Total (95% CI)
        </label>
      )}
      <span className="spacer" />
      {isRate && preferences.comparesWithTotal && (
        <span className="grid-toolbar-note" data-testid="export-intervals-note">
          Exports add each rate&apos;s 95% limits
        </span>
      )}
      {preferences.showsSmallCounts && (
        <span className="grid-toolbar-note" data-testid="export-disclosure-note" title={SMALL_COUNTS_HELP}>
          Exports apply disclosure control
        </span>
      )}
      <button type="button" className="small" data-testid="export-pivot-csv" disabled={!hasResult} onClick={() => void exportPivot('csv')}>
        Export CSV
      </button>
      <button type="button" className="small" data-testid="export-pivot-xlsx" disabled={!hasResult} onClick={() => void exportPivot('xlsx')}>
        Export XLSX
      </button>
    </div>
  );
}
