import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { countIndependently, policeUkFiles } from '../../tests/helpers/police-uk-data';
import { WorkbenchError } from '../errors';
import { workbenchInfo } from '../info';
import { runPivot } from '../pivot/run-pivot';
import { createWorkbench, exportWorkbench } from '../workbench';
import { importFiles } from './import-files';
import type { ImportFileInput } from './types';

let SQL: SqlJsStatic;
let db: Database;
let files: ImportFileInput[];
const paths = policeUkFiles();

beforeAll(async () => {
  SQL = await loadSqlJs();
  db = createWorkbench(SQL);
  files = paths.map((path) => ({ name: basename(path), bytes: readFileSync(path) }));
  await importFiles(db, files);
});

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const encode = (lines: string[]): Uint8Array => new TextEncoder().encode(lines.join('\r\n'));

describe('police.uk import of the real Nottinghamshire files', () => {
  it('has the 24 files the fixtures promise', () => {
    expect(paths).toHaveLength(24);
  });

  it('accounts for every row: accepted + rejected = rows in the files', () => {
    const independent = countIndependently(paths);
    const info = workbenchInfo(db);
    const accepted = info.imports.reduce((sum, i) => sum + i.accepted, 0);
    const rejected = info.imports.reduce((sum, i) => sum + i.rejected, 0);
    expect(accepted + rejected).toBe(independent.rows);
    // The real files are clean: identical rows and repeated Crime IDs are separate records.
    expect(rejected).toBe(0);
    expect(info.records).toBe(258_417);
    expect(info.dateRange).toEqual({ from: '2023-01', to: '2024-12' });
  });

  it('re-importing the same files adds nothing and reports duplicates', async () => {
    const before = workbenchInfo(db).records;
    const reports = await importFiles(db, files.slice(0, 3));
    expect(reports.map((r) => r.accepted)).toEqual([0, 0, 0]);
    expect(reports.map((r) => r.duplicate)).toEqual(reports.map((r) => r.read));
    expect(workbenchInfo(db).records).toBe(before);
  });

  it('pivot counts by crime type x district equal an independent count of the CSV rows', () => {
    const independent = countIndependently(paths);
    const pivot = runPivot(db, { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] });
    const fromPivot = new Map<string, number>();
    for (const row of pivot.rows) {
      row.counts.forEach((count, j) => {
        if (count > 0) fromPivot.set(`${row.key[0] ?? ''}|${pivot.columns[j]?.[0] ?? ''}`, count);
      });
    }
    expect(fromPivot).toEqual(independent.byTypeAndDistrict);
    expect(pivot.grandCount).toBe(independent.rows);
    // The rows with no LSOA are counted under an explicit unknown district.
    expect(pivot.columns.map((c) => c[0])).toContain('Unknown district');
  });
});

describe('police.uk import rules', () => {
  it('keeps identical rows and repeated Crime IDs as separate records, and re-import adds none', async () => {
    const asb = ',2023-05,Notts,Notts,-1.2,53.1,On or near X,E01028350,Mansfield 001A,Anti-social behaviour,,';
    const crime = 'id9,2023-05,Notts,Notts,-1.2,53.1,On or near X,E01028350,Mansfield 001A,Burglary,Under investigation,';
    const moved = 'id9,2023-05,Notts,Notts,-1.3,53.2,On or near Y,E01028351,Mansfield 002B,Burglary,Under investigation,';
    const bytes = encode([HEADER, asb, asb, asb, crime, moved]);
    const fresh = createWorkbench(SQL);
    const [first] = await importFiles(fresh, [{ name: '2023-05-test-street.csv', bytes }]);
    expect(first).toMatchObject({ read: 5, accepted: 5, duplicate: 0, rejected: 0 });
    const [second] = await importFiles(fresh, [{ name: '2023-05-test-street.csv', bytes }]);
    expect(second).toMatchObject({ read: 5, accepted: 0, duplicate: 5 });
    expect(workbenchInfo(fresh).records).toBe(5);
  });

  it('reports a changed outcome for the same crime as updated, not as a new record', async () => {
    const fresh = createWorkbench(SQL);
    const row = (outcome: string): string =>
      `id1,2023-05,Notts,Notts,-1.2,53.1,On or near X,E01028350,Mansfield 001A,Burglary,${outcome},`;
    await importFiles(fresh, [{ name: 'a.csv', bytes: encode([HEADER, row('Under investigation')]) }]);
    const [report] = await importFiles(fresh, [{ name: 'b.csv', bytes: encode([HEADER, row('Unable to prosecute suspect')]) }]);
    expect(report).toMatchObject({ accepted: 0, updated: 1, duplicate: 0 });
    expect(workbenchInfo(fresh).records).toBe(1);
  });

  it('rejects bad rows with line, field and reason, and accepts the rest', async () => {
    const fresh = createWorkbench(SQL);
    const lines = [
      HEADER,
      'a,2023-05,N,N,-1.2,53.1,X,E01028350,Mansfield 001A,Burglary,,',
      'b,May-23,N,N,-1.2,53.1,X,E01028350,Mansfield 001A,Burglary,,',
      'c,2023-05,N,N,-1.2,53.1,X,E01028350,Mansfield 001A,,,',
      'd,2023-05,N,N,west,53.1,X,E01028350,Mansfield 001A,Robbery,,',
      'e,2023-05,N,N,,,No location,,,Robbery,,',
    ];
    const [report] = await importFiles(fresh, [{ name: 'bad.csv', bytes: encode(lines) }]);
    expect(report).toMatchObject({ read: 5, accepted: 2, rejected: 3 });
    expect(report?.rejects).toEqual([
      { line: 3, field: 'Month', reason: 'unreadable month "May-23"' },
      { line: 4, field: 'Crime type', reason: 'missing crime type' },
      { line: 5, field: 'Longitude', reason: 'not a number: "west"' },
    ]);
    const pivot = runPivot(fresh, { rows: ['district'], columns: [], measure: 'count', filters: [] });
    expect(pivot.rows.map((r) => [r.key[0], r.countTotal])).toEqual([
      ['Mansfield', 1],
      ['Unknown district', 1],
    ]);
  });

  it('a file that is not police.uk fails the whole batch with a message naming it, and changes nothing', async () => {
    const fresh = createWorkbench(SQL);
    await importFiles(fresh, [{ name: 'good.csv', bytes: encode([HEADER, 'a,2023-05,N,N,-1.2,53.1,X,E1,Mansfield 001A,Burglary,,']) }]);
    const before = exportWorkbench(fresh, new Date(0));
    const attempt = importFiles(fresh, [
      { name: 'more.csv', bytes: encode([HEADER, 'b,2023-06,N,N,-1.2,53.1,X,E1,Mansfield 001A,Burglary,,']) },
      { name: 'budget.csv', bytes: encode(['date,amount', '2023-01-01,5']) },
    ]);
    await expect(attempt).rejects.toThrow(/budget\.csv line 1/);
    expect(exportWorkbench(fresh, new Date(0))).toEqual(before);
  });

  it('Cancel rolls the whole import back', async () => {
    const fresh = createWorkbench(SQL);
    const before = exportWorkbench(fresh, new Date(0));
    let chunks = 0;
    const attempt = importFiles(fresh, files.slice(0, 2), {
      onProgress: () => {
        chunks++;
      },
      isCancelled: () => chunks >= 3,
    });
    await expect(attempt).rejects.toBeInstanceOf(WorkbenchError);
    await expect(attempt).rejects.toMatchObject({ code: 'cancelled' });
    expect(chunks).toBe(3);
    expect(exportWorkbench(fresh, new Date(0))).toEqual(before);
  });

  it('reads Windows-1252 text with a warning', async () => {
    const fresh = createWorkbench(SQL);
    const text = `${HEADER}\r\na,2023-05,N,N,-1.2,53.1,On or near Caf\u00e9,E1,Mansfield 001A,Burglary,,\r\n`;
    const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const [report] = await importFiles(fresh, [{ name: 'latin.csv', bytes }]);
    expect(report?.accepted).toBe(1);
    expect(report?.warnings[0]).toContain('Windows-1252');
    expect(fresh.exec('SELECT name FROM location')[0]?.values[0]?.[0]).toBe('On or near Caf\u00e9');
  });
});
