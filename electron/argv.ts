/**
 * Finding the workbench file the app was asked to open on its command line:
 * double-clicking a .workbench file (Windows, Linux) starts the app, or the
 * running instance, with the file's path among Chromium's own switches.
 */
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKBENCH_EXTENSION = '.workbench';

export interface ArgvOptions {
  /**
   * True when running unpackaged (`electron .`, i.e. `process.defaultApp`):
   * then the first positional argument after the executable is the app folder.
   */
  isDefaultApp: boolean;
  /** Folder relative paths are resolved against (the second instance's working directory). */
  cwd: string;
  /** For tests of Windows paths on Linux. */
  pathApi?: Pick<typeof nodePath, 'resolve' | 'extname'>;
}

/** True for a path ending in `.workbench` (any case). */
export function isWorkbenchPath(filePath: string, pathApi: Pick<typeof nodePath, 'extname'> = nodePath): boolean {
  return pathApi.extname(filePath).toLowerCase() === WORKBENCH_EXTENSION;
}

function toLocalPath(arg: string): string | null {
  if (!arg.toLowerCase().startsWith('file:')) return arg;
  // Linux desktop entries pass %U, i.e. file:// URLs.
  try {
    return fileURLToPath(arg);
  } catch {
    return null;
  }
}

/**
 * The absolute path of the first `.workbench` argument, or null. Skips the
 * executable, the app folder when unpackaged, and every switch (`-x`,
 * `--flag=value`, macOS's `-psn_...`) unless it follows `--`.
 */
export function findWorkbenchPathInArgv(argv: readonly string[], options: ArgvOptions): string | null {
  const pathApi = options.pathApi ?? nodePath;
  let isAppPathPending = options.isDefaultApp;
  let isAfterDoubleDash = false;
  for (const arg of argv.slice(1)) {
    if (!isAfterDoubleDash && arg === '--') {
      isAfterDoubleDash = true;
      continue;
    }
    if (!isAfterDoubleDash && arg.startsWith('-')) continue;
    if (isAppPathPending) {
      isAppPathPending = false;
      continue;
    }
    const localPath = toLocalPath(arg);
    if (localPath !== null && localPath !== '' && isWorkbenchPath(localPath, pathApi)) {
      return pathApi.resolve(options.cwd, localPath);
    }
  }
  return null;
}
