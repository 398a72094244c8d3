import nodePath from 'node:path';

/**
 * Paths the analyst chose (dialog, recent list, double-click). Saving
 * without a dialog is allowed only to these, so a compromised renderer
 * cannot overwrite an arbitrary file by naming it.
 */
export interface PathGrants {
  grant(filePath: string): void;
  isGranted(filePath: string): boolean;
}

export function createPathGrants(isCaseInsensitive: boolean = process.platform !== 'linux'): PathGrants {
  const granted = new Set<string>();
  const key = (filePath: string): string => {
    const resolved = nodePath.resolve(filePath);
    return isCaseInsensitive ? resolved.toLowerCase() : resolved;
  };
  return {
    grant: (filePath) => void granted.add(key(filePath)),
    isGranted: (filePath) => granted.has(key(filePath)),
  };
}
