/**
 * Print-to-PDF for profiles: the print-ready HTML page (shared/profile/html)
 * is loaded into a hidden, sandboxed window with JavaScript off and printed
 * with webContents.printToPDF at A4. The page is self-contained (images as
 * data URLs, a CSP of its own), so nothing is fetched. main.ts only wires
 * this to the IPC channel and the save dialog.
 */
import { BrowserWindow } from 'electron';

/** How long a page may take to load before printing gives up (a profile with many charts is a few MB). */
export const PRINT_LOAD_TIMEOUT_MS = 30_000;

export const PRINT_OPTIONS = {
  pageSize: 'A4',
  printBackground: true,
  landscape: false,
  // The page sets its own margins with @page.
  preferCSSPageSize: true,
  generateDocumentOutline: true,
} as const;

function withTimeout<T>(task: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    task.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function printHtmlToPdf(html: string, options: { timeoutMs?: number } = {}): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    width: 794,
    height: 1123,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false },
  });
  try {
    const url = `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
    await withTimeout(window.loadURL(url), options.timeoutMs ?? PRINT_LOAD_TIMEOUT_MS, 'The profile page did not load for printing.');
    const pdf = await window.webContents.printToPDF(PRINT_OPTIONS);
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    if (!window.isDestroyed()) window.destroy();
  }
}
