import { execFileSync } from 'node:child_process';

/** Whether a command-line tool (soffice, pdftoppm, unzip) is installed, so a test that needs it can be skipped where it is not. */
export function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
