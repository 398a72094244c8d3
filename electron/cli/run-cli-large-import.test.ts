/**
 * A district extract large enough for the parse worker (20,000 rows and
 * more), imported by the command line from a file on disk, as a scheduled
 * build of this month's workbench does. The command line reads files as Node
 * Buffers, whose `slice` is a view: the chunks handed to the worker must
 * still be copies, or the first hand-over takes the whole file's bytes away
 * ("Cannot perform Construct on a detached ArrayBuffer").
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { districtCsv, generateDistrictRecords } from '../../shared/generator';

const repo = resolve(import.meta.dirname, '../..');

/**
 * The command line as the analyst runs it, in a process of its own: inside
 * vitest the hand-over to the worker copies (the test's realm has its own
 * ArrayBuffer, so Node's Buffers are not transferred) and the fault hides.
 */
function runCli(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { cwd: repo, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ exitCode: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

let dir: string;
const CITY = [...generateDistrictRecords({ seed: 21, records: 70_000, districts: ['Nottingham City'] })];
const GEDLING = [...generateDistrictRecords({ seed: 22, records: 260_000, districts: ['Gedling'] })];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-large-'));
  writeFileSync(join(dir, 'district-nottingham-city.csv'), districtCsv(CITY));
  writeFileSync(join(dir, 'district-gedling.csv'), districtCsv(GEDLING));
  // Both large enough for the parse worker.
  expect(Math.min(CITY.length, GEDLING.length)).toBeGreaterThan(20_000);
});

describe('the command line imports large district extracts', () => {
  it('two files of more than 20,000 rows in one command: every row accepted, and the pivot counts them by district', async () => {
    const wb = join(dir, 'large.workbench');
    const imported = await runCli(['import', wb, join(dir, 'district-nottingham-city.csv'), join(dir, 'district-gedling.csv')]);
    expect(imported.exitCode, imported.stderr).toBe(0);
    const reports = JSON.parse(imported.stdout) as { file: string; read: number; accepted: number; rejected: number }[];
    expect(reports.map((r) => [r.read, r.accepted + r.rejected])).toEqual([
      [CITY.length, CITY.length],
      [GEDLING.length, GEDLING.length],
    ]);
    expect(reports.map((r) => r.rejected)).toEqual([0, 0]);
    const pivot = await runCli(['pivot', wb, '--rows', 'district', '--format', 'csv']);
    expect(pivot.exitCode, pivot.stderr).toBe(0);
    const counted = new Map<string, number>();
    for (const r of [...CITY, ...GEDLING]) counted.set(r.district, (counted.get(r.district) ?? 0) + 1);
    const rows = pivot.stdout.trim().split(/\r?\n/).slice(1).map((line) => line.split(','));
    expect(new Map(rows.map(([district, value]) => [district ?? '', Number(value)]))).toEqual(counted);
    // Re-importing the same files adds nothing.
    const again = await runCli(['import', wb, join(dir, 'district-nottingham-city.csv')]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject([{ accepted: 0 }]);
  }, 120_000);
});
