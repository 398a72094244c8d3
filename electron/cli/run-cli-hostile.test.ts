/**
 * Hostile files on the command line (shared/CLI.md): exit 1 with the file,
 * line and field on stderr and nothing on stdout, no stack trace, and the
 * workbench on disk byte for byte as it was.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cawb-cli-hostile-'));
});

const HEADER = 'record_ref,committed_date,crime_type,district,ward';

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const STACK = /\bat \S+ \(|TypeError|undefined|\n\s+at /;

describe('import of hostile files', () => {
  it('refuses each with exit 1 and its file, line and field on stderr, leaving the workbench file as it was', async () => {
    const wb = join(dir, 'x.workbench');
    const first = await runCli(['import', wb, write('good.csv', `${HEADER}\nA1,01/04/2023,Shoplifting,Mansfield,Portland\n`)]);
    expect(first.exitCode, first.stderr).toBe(0);
    const before = readFileSync(wb);
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['open-quote.csv', `${HEADER}\r\nA2,02/04/2023,"Shoplifting,Mansfield,Portland\r\nA3,03/04/2023,Shoplifting,Mansfield,Portland\r\n`, /^open-quote\.csv line 2: the quoted cell in column 3 \(C\) is never closed/],
      ['empty.csv', '', /^empty\.csv is empty\.$/],
      ['header-only.xlsx', 'record_ref,committed_date\n', /^header-only\.xlsx is not an Excel workbook \(\.xlsx\)/],
      ['random.csv', Uint8Array.from({ length: 400 }, (_, i) => (i * 7919 + 13) % 256), /^random\.csv line \d+: the header does not match any extract/],
      ['bad.xlsx', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]), /^bad\.xlsx could not be read as an Excel workbook/],
    ];
    for (const [name, content, message] of cases) {
      const result = await runCli(['import', wb, write(name, content)]);
      expect(result.exitCode, name).toBe(1);
      expect(result.stdout, name).toBe('');
      expect(result.stderr.trim(), name).toMatch(message);
      expect(result.stderr, name).not.toMatch(STACK);
      expect(readFileSync(wb).equals(before), `${name}: the workbench file is unchanged`).toBe(true);
    }
  });

  it('reads a file with mixed line endings and a too-wide row: every row accounted for, the reject written with its line and field', async () => {
    const wb = join(dir, 'y.workbench');
    const text = `${HEADER}\r\nA1,01/04/2023,Shoplifting,Mansfield,Portland\nA2,02/04/2023,Shoplifting,Mansfield,Kirkby, Portland\rA3,03/04/2023,Shoplifting,Mansfield,Portland\r\n`;
    const rejects = join(dir, 'rejects.csv');
    const result = await runCli(['import', wb, write('mixed.csv', text), '--rejects', rejects]);
    expect(result.exitCode, result.stderr).toBe(0);
    const [report] = JSON.parse(result.stdout) as { read: number; accepted: number; rejected: number }[];
    expect(report).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(readFileSync(rejects, 'utf8')).toContain('3,column 6,');
  });

  it('refuses a damaged workbench with exit 1, one line on stderr', async () => {
    const wb = join(dir, 'z.workbench');
    await runCli(['import', wb, write('good.csv', `${HEADER}\nA1,01/04/2023,Shoplifting,Mansfield,Portland\n`)]);
    const bytes = readFileSync(wb);
    const cut = write('cut.workbench', bytes.subarray(0, bytes.length - 100));
    const result = await runCli(['info', cut]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toMatch(/^cut\.workbench is damaged and cannot be opened \([^\n]+\)\. The file has been left as it is\.$/);
    const zero = await runCli(['info', write('zero.workbench', '')]);
    expect([zero.exitCode, zero.stderr.trim()]).toEqual([1, 'zero.workbench is not a workbench file: it is not an SQLite database.']);
  });
});
