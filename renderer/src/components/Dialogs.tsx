/** The app's modal questions and messages, driven by the dialog store. */
import { useDialogStore } from '../state/dialog-store';
import { Modal } from './Modal';

export function ErrorDialog() {
  const error = useDialogStore((s) => s.error);
  const dismiss = useDialogStore((s) => s.dismissError);
  if (error === null) return null;
  return (
    <Modal
      title={error.title}
      onCancel={dismiss}
      testId="error-dialog"
      role="alertdialog"
      actions={
        <button type="button" className="primary" autoFocus onClick={dismiss}>
          OK
        </button>
      }
    >
      {error.file !== undefined && (
        <p className="muted">
          File: <strong data-testid="error-file">{error.file}</strong>
        </p>
      )}
      <p data-testid="error-message">{error.message}</p>
    </Modal>
  );
}

export function UnsavedChangesDialog() {
  const question = useDialogStore((s) => s.unsaved);
  if (question === null) return null;
  return (
    <Modal
      title="Unsaved changes"
      onCancel={() => question.answer('cancel')}
      testId="unsaved-dialog"
      actions={
        <>
          <button type="button" className="primary" autoFocus onClick={() => question.answer('save')}>
            Save
          </button>
          <button type="button" onClick={() => question.answer('discard')}>
            Don&apos;t save
          </button>
          <button type="button" onClick={() => question.answer('cancel')}>
            Cancel
          </button>
        </>
      }
    >
      <p>{question.text}</p>
      <p className="muted">Changes since the last save (imports, views, profiles, mappings) will be lost if you don&apos;t save them.</p>
    </Modal>
  );
}

export function ConfirmDialog() {
  const question = useDialogStore((s) => s.confirm);
  if (question === null) return null;
  return (
    <Modal
      title="Please confirm"
      onCancel={() => question.answer(false)}
      testId="confirm-dialog"
      actions={
        <>
          <button type="button" className="danger" onClick={() => question.answer(true)}>
            {question.confirmLabel}
          </button>
          <button type="button" autoFocus onClick={() => question.answer(false)}>
            Cancel
          </button>
        </>
      }
    >
      <p>{question.text}</p>
    </Modal>
  );
}

export function RecoveryDialog() {
  const question = useDialogStore((s) => s.recovery);
  if (question === null) return null;
  return (
    <Modal
      title="Recover unsaved changes?"
      // Escape keeps the work: nothing is lost by recovering (it opens unsaved, and can be closed without saving).
      onCancel={() => question.answer('recover')}
      testId="recovery-dialog"
      actions={
        <>
          <button type="button" className="primary" autoFocus onClick={() => question.answer('recover')}>
            Recover
          </button>
          <button type="button" onClick={() => question.answer('discard')}>
            Discard
          </button>
        </>
      }
    >
      <p data-testid="recovery-text">{question.text}</p>
      <p className="muted">Recover opens the copy with its changes unsaved: save it to keep them. Discard deletes the copy.</p>
    </Modal>
  );
}
