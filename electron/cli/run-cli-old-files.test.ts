/**
 * Workbench files from other versions through the command line, in a process
 * of its own as the analyst runs it: a file from an older build opens (and
 * says it was brought up to date) and takes a re-import without counting
 * anything twice; a file from a newer build is refused plainly and left
 * untouched; a read-only file opens for reading and is never replaced.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, writeMeta } from '../../shared/schema';
import { createWorkbench, exportWorkbench } from '../../shared/workbench';
import { loadSqlJs } from './load-sqljs';

const repo = resolve(import.meta.dirname, '../..');
const FIXTURES = resolve(repo, 'tests/fixtures/old-workbenches');
const EXTRACTS = resolve(FIXTURES, 'extracts');

function runCli(args: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { cwd: repo, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ exitCode: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const digestOf = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-old-'));
});

/** An old fixture's bytes, as that build saved them, in a folder of its own. */
function oldFile(name: string, folder: string): string {
  const file = join(folder, `${name}.workbench`);
  writeFileSync(file, gunzipSync(readFileSync(resolve(FIXTURES, `${name}.workbench.gz`))));
  return file;
}

describe('a file from an older build', () => {
  it('says on info that it was brought up to date, and a re-import of its extract adds nothing', async () => {
    const folder = mkdtempSync(join(dir, 'old-'));
    const file = oldFile('cf3b7b1-police-uk', folder);
    const info = await runCli(['info', file]);
    expect(info.exitCode).toBe(0);
    const parsed = JSON.parse(info.stdout) as { schemaVersion: number; records: number; upgrade?: { fromSchema: number; notice: string } };
    expect([parsed.schemaVersion, parsed.records, parsed.upgrade?.fromSchema]).toEqual([SCHEMA_VERSION, 800, 1]);
    expect(parsed.upgrade?.notice).toContain('older file format (schema 1)');

    const again = await runCli(['import', file, join(EXTRACTS, '2023-02-excerpt.csv'), join(EXTRACTS, '2023-02-overlap.csv')]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('Note: cf3b7b1-police-uk.workbench was in an older file format (schema 1, saved by version 0.1.0) and is now saved in the current one');
    const reports = JSON.parse(again.stdout) as { accepted: number; duplicate: number }[];
    expect(reports.map((r) => [r.accepted, r.duplicate])).toEqual([
      [0, 400],
      [200, 200],
    ]);
    const after = JSON.parse((await runCli(['info', file])).stdout) as { records: number; upgrade?: unknown };
    // Saved by the import: now current, so no notice.
    expect([after.records, after.upgrade]).toEqual([1000, undefined]);
  });
});

describe('a file from a newer build', () => {
  it('is refused with the versions named, by every command, and left byte for byte as it was', async () => {
    const folder = mkdtempSync(join(dir, 'newer-'));
    const SQL = await loadSqlJs();
    const db = createWorkbench(SQL);
    writeMeta(db, 'schema_version', String(SCHEMA_VERSION + 1));
    const file = join(folder, 'from-next-year.workbench');
    writeFileSync(file, exportWorkbench(db));
    db.close();
    const before = digestOf(file);
    const refusal = new RegExp(
      `from-next-year\\.workbench was saved by a newer version of Crime Analyst Workbench \\(schema ${SCHEMA_VERSION + 1}; this version reads up to ${SCHEMA_VERSION}\\)\\. Update the app to open it\\.`,
    );
    for (const args of [['info', file], ['import', file, join(EXTRACTS, 'district-ashfield.csv')]]) {
      const result = await runCli(args);
      expect(result.exitCode, args[0]).toBe(1);
      expect(result.stderr, args[0]).toMatch(refusal);
    }
    expect(digestOf(file)).toBe(before);
    expect(readdirSync(folder)).toEqual(['from-next-year.workbench']);
  });
});

describe('a read-only file from an older build', () => {
  it('opens for reading, and an import is refused with the file left as it was', async () => {
    const folder = mkdtempSync(join(dir, 'read-only-'));
    const file = oldFile('6d14c2f-schema3-tally', folder);
    chmodSync(file, 0o444);
    const before = digestOf(file);
    const info = await runCli(['info', file]);
    expect(info.exitCode).toBe(0);
    expect((JSON.parse(info.stdout) as { records: number }).records).toBe(1078);
    const pivot = await runCli(['pivot', file, '--rows', 'district', '--format', 'csv']);
    expect(pivot.exitCode).toBe(0);
    const result = await runCli(['import', file, join(EXTRACTS, 'district-overlap.csv')]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('cannot write the workbench: the file is read-only (it was left as it is).');
    expect(digestOf(file)).toBe(before);
    expect(readdirSync(folder)).toEqual(['6d14c2f-schema3-tally.workbench']);
  });
});
