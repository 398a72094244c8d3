/** Files dropped onto the window, read the same way on every platform (a dropped File is a DOM object in Electron too). */
import type { FileBytes } from '../../../shared/platform-bridge';

export function hasDroppedFiles(transfer: DataTransfer | null): boolean {
  return transfer !== null && Array.from(transfer.types).includes('Files');
}

export async function filesFromDrop(transfer: DataTransfer | null): Promise<FileBytes[]> {
  const files = Array.from(transfer?.files ?? []);
  return Promise.all(
    files.map(async (file) => ({ name: file.name, path: null, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
}
