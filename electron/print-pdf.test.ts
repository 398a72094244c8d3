import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parsePrintToPdfArgs } from './ipc-contract';

interface FakeWindow {
  options: Record<string, unknown>;
  loaded: string[];
  destroyed: boolean;
  printOptions: unknown[];
}

const electron = vi.hoisted(() => ({
  windows: [] as FakeWindow[],
  loadBehaviour: 'ok',
  pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    private readonly state: FakeWindow;
    readonly webContents: { printToPDF: (options: unknown) => Promise<Buffer> };
    constructor(options: Record<string, unknown>) {
      this.state = { options, loaded: [], destroyed: false, printOptions: [] };
      electron.windows.push(this.state);
      this.webContents = {
        printToPDF: (printOptions: unknown) => {
          this.state.printOptions.push(printOptions);
          return Promise.resolve(Buffer.from(electron.pdf));
        },
      };
    }
    loadURL(url: string): Promise<void> {
      this.state.loaded.push(url);
      if (electron.loadBehaviour === 'fail') return Promise.reject(new Error('ERR_FAILED'));
      if (electron.loadBehaviour === 'hang') return new Promise<void>(() => undefined);
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return this.state.destroyed;
    }
    destroy(): void {
      this.state.destroyed = true;
    }
  }
  return { BrowserWindow };
});

const { printHtmlToPdf } = await import('./print-pdf');

const page = '<!DOCTYPE html><html><body><h1>Mansfield profile</h1><p>Figure 1: Burglary £ – “quoted”</p></body></html>';

beforeEach(() => {
  electron.windows.length = 0;
  electron.loadBehaviour = 'ok';
});

describe('printHtmlToPdf (Electron main, mocked)', () => {
  it('loads the page into a hidden sandboxed window with JavaScript off, prints A4 and closes the window', async () => {
    const pdf = await printHtmlToPdf(page);
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-');
    const [window] = electron.windows;
    expect(window?.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    // The page goes in as a data URL and comes back byte for byte (UTF-8 kept).
    const url = window?.loaded[0] ?? '';
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString('utf8')).toBe(page);
    expect(window?.printOptions).toEqual([expect.objectContaining({ pageSize: 'A4', printBackground: true })]);
    expect(window?.destroyed).toBe(true);
  });

  it('closes the window when loading fails or hangs, and says so', async () => {
    electron.loadBehaviour = 'fail';
    await expect(printHtmlToPdf(page)).rejects.toThrow('ERR_FAILED');
    expect(electron.windows[0]?.destroyed).toBe(true);
    electron.loadBehaviour = 'hang';
    await expect(printHtmlToPdf(page, { timeoutMs: 20 })).rejects.toThrow(/did not load/);
    expect(electron.windows[1]?.destroyed).toBe(true);
    expect(electron.windows[1]?.printOptions).toEqual([]);
  });
});

describe('parsePrintToPdfArgs', () => {
  it('accepts a whole HTML document and a safe .pdf name', () => {
    expect(parsePrintToPdfArgs(page, { suggestedName: '../../etc/profile' })).toEqual({ html: page, suggestedName: '.._.._etc_profile.pdf' });
    expect(parsePrintToPdfArgs(page, { suggestedName: 'mansfield.pdf' })?.suggestedName).toBe('mansfield.pdf');
  });
  it('refuses anything else', () => {
    expect(parsePrintToPdfArgs('<script>x</script>', { suggestedName: 'a.pdf' })).toBeNull();
    expect(parsePrintToPdfArgs(42, { suggestedName: 'a.pdf' })).toBeNull();
    expect(parsePrintToPdfArgs(page, null)).toBeNull();
  });
});
