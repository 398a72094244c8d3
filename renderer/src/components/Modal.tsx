import { type ReactNode, useEffect, useId, useRef } from 'react';

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

/** A native modal <dialog>: the browser traps focus, handles Escape and makes the rest inert. */
export function Modal({ title, onCancel, children, actions, testId, role = 'dialog', wide = false }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      role={role}
      aria-labelledby={titleId}
      data-testid={testId}
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
