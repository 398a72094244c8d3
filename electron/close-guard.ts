/**
 * Decides what happens when the window is asked to close. The renderer owns
 * the workbench, so with unsaved changes the main process cancels the close
 * and asks the renderer, which prompts the analyst (save / discard / cancel)
 * and then calls `closeWindow`, approving the next close.
 */

/**
 * - `close`: let the window close.
 * - `ask-renderer`: cancel the close and send the renderer `close-requested`.
 * - `confirm-in-main`: cancel the close and ask with a native dialog, because
 *   the renderer is hung and cannot answer.
 */
export type CloseDecision = 'close' | 'ask-renderer' | 'confirm-in-main';

/** The close-guard state machine; one per window. */
export interface CloseGuard {
  readonly isEdited: boolean;
  /** True once app quit was requested (macOS keeps running after the last window closes unless quitting). */
  readonly isQuitRequested: boolean;
  /** From the renderer's `setDocumentEdited`. */
  setEdited(isEdited: boolean): void;
  /** From the window's `close` event: whether to let it through. */
  onCloseRequested(): CloseDecision;
  /** The renderer (or the native dialog) has dealt with unsaved changes: the next close goes through. */
  approveClose(): void;
  /** From `before-quit`. */
  noteQuitRequested(): void;
  /** From `unresponsive` / `responsive`. */
  setRendererResponsive(isResponsive: boolean): void;
  /** From `render-process-gone`: nobody is left to save, so never trap the analyst. */
  noteRendererGone(): void;
}

/** Creates a guard for a window whose document starts unedited. */
export function createCloseGuard(): CloseGuard {
  let isEdited = false;
  let isApproved = false;
  let isResponsive = true;
  let isQuitRequested = false;

  return {
    get isEdited() {
      return isEdited;
    },
    get isQuitRequested() {
      return isQuitRequested;
    },
    setEdited(value) {
      isEdited = value;
    },
    onCloseRequested() {
      if (isApproved || !isEdited) return 'close';
      // Asked again while a prompt may be open: ask again; the renderer ignores duplicates,
      // and the analyst's Cancel (which we are never told about) must not leave us stuck.
      return isResponsive ? 'ask-renderer' : 'confirm-in-main';
    },
    approveClose() {
      isApproved = true;
    },
    noteQuitRequested() {
      isQuitRequested = true;
    },
    setRendererResponsive(value) {
      isResponsive = value;
    },
    noteRendererGone() {
      isEdited = false;
    },
  };
}
