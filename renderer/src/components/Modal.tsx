import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef } from 'react';

interface ModalProps {
  title: string;
  /** Escape and the close button; the caller decides what "cancel" means. */
  onCancel: () => void;
  children: ReactNode;
  actions: ReactNode;
  testId: string;
  role?: 'dialog' | 'alertdialog';
  wide?: boolean;
}

const TABBABLE = 'button, [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** The dialog's controls Tab stops at, in order (disabled and hidden ones are skipped, as the browser skips them). */
function tabbables(dialog: HTMLElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => !el.matches(':disabled') && el.tabIndex >= 0 && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
  );
}

/**
 * Tab from the last control goes to the first and Shift+Tab from the first to the last: a native modal
 * makes the page inert, but Tab would still leave the dialog for the window (nothing focused in Electron).
 */
export function wrapTab(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
  const stops = tabbables(event.currentTarget);
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (first === undefined || last === undefined) return;
  const active = document.activeElement;
  const isOutside = active === null || !event.currentTarget.contains(active);
  if (event.shiftKey && (active === first || isOutside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || isOutside)) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * The last control focused outside any dialog. A command can disable the control that ran it (Import…
 * is disabled while the import runs), which drops focus to the page before its dialog opens.
 */
let lastFocusedOutside: HTMLElement | null = null;
if (typeof document !== 'undefined') {
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLElement && event.target.closest('dialog') === null) lastFocusedOutside = event.target;
  });
}

function openerOf(active: Element | null): HTMLElement | null {
  if (active instanceof HTMLElement && active !== document.body) return active;
  return lastFocusedOutside;
}

/**
 * A native modal <dialog>: the browser handles Escape and makes the rest inert; Tab wraps inside it, and
 * on closing focus goes back to the control that had it when the dialog opened (the dialog is unmounted,
 * not closed, so the browser's own focus restoring does not run).
 */
export function Modal({ title, onCancel, children, actions, testId, role = 'dialog', wide = false }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = openerOf(document.activeElement);
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // Only if nothing else took focus meanwhile (e.g. the next dialog of a sequence).
      const active = document.activeElement;
      if (opener?.isConnected === true && !opener.matches(':disabled') && (active === null || active === document.body || dialog?.contains(active) === true)) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      role={role}
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={wrapTab}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div className="modal-body">{children}</div>
      <div className="modal-actions">{actions}</div>
    </dialog>
  );
}
