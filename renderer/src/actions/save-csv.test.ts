/**
 * Every CSV the app saves goes through saveCsv (and so gets the BOM Excel
 * needs): a CSV saved by calling platform.saveExport directly would not.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('saving CSV', () => {
  it('no code but saveCsv saves a CSV through platform.saveExport', () => {
    const calls: string[] = [];
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bsaveExport\(/g)) {
        // The call's arguments, up to the statement's end.
        const call = text.slice(match.index, text.indexOf(';', match.index));
        calls.push(`${relative(SRC, file)}: ${call}`);
      }
    }
    // The scan finds the calls there are (charts, profiles, pivot XLSX, and saveCsv's own).
    expect(calls.filter((c) => c.startsWith('actions/save-csv.ts'))).toHaveLength(1);
    expect(calls.length).toBeGreaterThan(4);
    const csv = calls.filter((c) => !c.startsWith('actions/save-csv.ts') && /text\/csv|\.csv\b/.test(c));
    expect(csv).toEqual([]);
  });
});
