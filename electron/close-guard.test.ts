import { describe, expect, it } from 'vitest';

import { createCloseGuard } from './close-guard';

describe('createCloseGuard', () => {
  it('lets an unedited window close', () => {
    const guard = createCloseGuard();
    expect(guard.isEdited).toBe(false);
    expect(guard.onCloseRequested()).toBe('close');
  });

  it('asks the renderer while there are unsaved changes, every time the analyst tries', () => {
    const guard = createCloseGuard();
    guard.setEdited(true);
    expect(guard.onCloseRequested()).toBe('ask-renderer');
    // The analyst pressed Cancel in the renderer's prompt, then tries again.
    expect(guard.onCloseRequested()).toBe('ask-renderer');
  });

  it('closes once the renderer approves (saved or discarded)', () => {
    const guard = createCloseGuard();
    guard.setEdited(true);
    expect(guard.onCloseRequested()).toBe('ask-renderer');
    guard.approveClose();
    expect(guard.onCloseRequested()).toBe('close');
  });

  it('closes after the changes are saved', () => {
    const guard = createCloseGuard();
    guard.setEdited(true);
    guard.setEdited(false);
    expect(guard.onCloseRequested()).toBe('close');
  });

  it('asks in the main process when the renderer is hung, and returns to the renderer when it recovers', () => {
    const guard = createCloseGuard();
    guard.setEdited(true);
    guard.setRendererResponsive(false);
    expect(guard.onCloseRequested()).toBe('confirm-in-main');
    guard.setRendererResponsive(true);
    expect(guard.onCloseRequested()).toBe('ask-renderer');
  });

  it('does not trap the analyst when the renderer has crashed', () => {
    const guard = createCloseGuard();
    guard.setEdited(true);
    guard.noteRendererGone();
    expect(guard.onCloseRequested()).toBe('close');
  });

  it('remembers that quitting was requested', () => {
    const guard = createCloseGuard();
    expect(guard.isQuitRequested).toBe(false);
    guard.noteQuitRequested();
    expect(guard.isQuitRequested).toBe(true);
  });
});
