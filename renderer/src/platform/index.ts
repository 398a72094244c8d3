/**
 * The platform the renderer runs on: the Electron preload's bridge when it
 * exposed one, otherwise the browser implementation. Everything outside
 * this folder reaches files, dialogs and the window only through `platform`.
 */
import type { PlatformBridge } from '../../../shared/platform-bridge';
import { createBrowserPlatform } from './browser';

declare global {
  interface Window {
    /** Set by the Electron preload through contextBridge. */
    readonly workbenchPlatform?: PlatformBridge;
  }
}

export const platform: PlatformBridge = window.workbenchPlatform ?? createBrowserPlatform();
export { filesFromDrop, hasDroppedFiles } from './dropped-files';
