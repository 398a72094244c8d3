/**
 * The import pipeline at scale and on awkward files: batches big enough that
 * the record indexes are dropped and rebuilt, re-imports, overlapping and
 * changed extracts, and the generator's malformed files with their expected
 * counts.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { type DistrictRecord, districtCsv, generateDistrictRecords, malformedFiles } from '../generator';
import { xlsxBytes } from '../generator/xlsx';
import { type HandlerContext, WorkbenchService } from '../service';
import { bytesToHex } from '@noble/hashes/utils.js';
import { PSEUDONYM_KEY_META, pseudonymKey } from '../pseudonym';
import { writeMeta } from '../schema';
import { createWorkbench } from '../workbench';
import { digest128 } from './digest';
import { deferIndexes, importFiles } from './import-files';
import type { ImportFileInput, ImportProgress, ImportReport } from './types';

const NOW = new Date('2025-06-01T12:00:00Z');
let SQL: SqlJsStatic;
let records: DistrictRecord[];

beforeAll(async () => {
  SQL = await loadSqlJs();
  records = [...generateDistrictRecords({ seed: 5, records: 30_000 })];
});

function csvOf(name: string, rows: Iterable<DistrictRecord>): ImportFileInput {
  return { name, bytes: new TextEncoder().encode(districtCsv(rows)) };
}

async function importOne(db: Database, file: ImportFileInput): Promise<ImportReport> {
  const [report] = await importFiles(db, [file], { now: NOW, kind: file.name.startsWith('iquanta') ? 'iquanta' : undefined });
  if (report === undefined) throw new Error('no report');
  return report;
}

function scalar(db: Database, sql: string): unknown {
  return db.exec(sql)[0]?.values[0]?.[0];
}

function indexSql(db: Database): string[] {
  return (db.exec("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record' AND sql IS NOT NULL ORDER BY name")[0]?.values ?? []).map(
    (row) => String(row[0]),
  );
}

function isConsistent(db: Database): void {
  expect(scalar(db, 'PRAGMA integrity_check')).toBe('ok');
  expect(db.exec('PRAGMA foreign_key_check')).toEqual([]);
  expect(scalar(db, 'PRAGMA foreign_keys')).toBe(1);
}

describe('large batches (indexes rebuilt after the rows)', () => {
  it('drops the secondary record indexes only for a batch large relative to the table', async () => {
    const db = createWorkbench(SQL);
    const indexes = indexSql(db);
    db.run('SAVEPOINT probe');
    expect(deferIndexes(db, 'record', 19_999)).toBeNull();
    const byImport = indexes.filter((sql) => sql.includes('(import_id)'));
    expect(byImport).toHaveLength(1);
    const byKey = indexes.filter((sql) => sql.includes('(record_key)'));
    expect(byKey).toHaveLength(1);
    // The key index only for a writer that finds keys itself.
    expect(deferIndexes(db, 'record', 20_000)?.rebuild.sort()).toEqual(indexes.filter((sql) => !byImport.includes(sql) && !byKey.includes(sql)).sort());
    expect(indexSql(db)).toEqual([...byImport, ...byKey].sort());
    db.run('ROLLBACK TO probe');
    const deferred = deferIndexes(db, 'record', 20_000, { keyIndex: true });
    // Rebuilt key index first (it is the one that can fail), the keys read before it went.
    expect(deferred?.rebuild[0]).toBe(byKey[0]);
    expect(deferred?.rebuild.slice().sort()).toEqual(indexes.filter((sql) => !byImport.includes(sql)).sort());
    expect(deferred?.recordKeys?.size).toBe(0);
    // The import_id index only grows at its end: kept.
    expect(indexSql(db)).toEqual(byImport);
    db.run('ROLLBACK TO probe');
    db.run('RELEASE probe');
    expect(indexSql(db)).toEqual(indexes);
    await importOne(db, csvOf('some.csv', records.slice(0, 25_000)));
    db.run('SAVEPOINT probe');
    expect(deferIndexes(db, 'record', 24_999)).toBeNull();
    expect(deferIndexes(db, 'record', 25_000)).not.toBeNull();
    db.run('ROLLBACK TO probe');
    db.run('RELEASE probe');
    db.close();
  });

  it('imports, re-imports as duplicates, and takes an overlapping changed extract as new + updated, with the change log', async () => {
    const db = createWorkbench(SQL);
    const indexes = indexSql(db);
    expect(indexes.length).toBeGreaterThanOrEqual(3);
    const first = records.slice(0, 24_000);
    const report = await importOne(db, csvOf('first.csv', first));
    expect(report).toMatchObject({ read: 24_000, accepted: 24_000, rejected: 0, duplicate: 0, updated: 0 });
    // The indexes are back, as the schema defines them, and agree with the table.
    expect(indexSql(db)).toEqual(indexes);
    isConsistent(db);

    const again = await importOne(db, csvOf('first-again.csv', first));
    expect(again).toMatchObject({ read: 24_000, accepted: 0, duplicate: 24_000, updated: 0 });
    expect(scalar(db, 'SELECT COUNT(*) FROM record')).toBe(24_000);

    // Overlap: the last 4,000 of the first extract (12 of them changed) and 6,000 new records, plus
    // 20,000 from the first extract again: 30,000 rows, enough to rebuild the indexes again.
    const changed = new Set(Array.from({ length: 12 }, (_, i) => 20_000 + i * 300));
    const overlap = [
      ...records.slice(0, 20_000),
      ...records.slice(20_000, 24_000).map((r, i) => (changed.has(20_000 + i) ? { ...r, crime_type: 'Criminal damage', offence_code: '058/01' } : r)),
      ...records.slice(24_000, 30_000),
    ];
    const unchangedTypes = [...changed].filter((i) => records[i]?.crime_type === 'Criminal damage' && records[i]?.offence_code === '058/01').length;
    const third = await importOne(db, csvOf('overlap.csv', overlap));
    expect(third).toMatchObject({ read: 30_000, accepted: 6_000, updated: 12 - unchangedTypes, duplicate: 24_000 - 12 + unchangedTypes });
    expect(scalar(db, 'SELECT COUNT(*) FROM record')).toBe(30_000);
    const importId = scalar(db, "SELECT id FROM import WHERE file_name = 'overlap.csv'");
    const logged = db.exec(`SELECT COUNT(DISTINCT record_id) FROM record_change WHERE import_id = ${Number(importId)} AND field = 'crime_type'`);
    expect(logged[0]?.values[0]?.[0]).toBe(third.updated);
    const newTypes = db.exec(`SELECT DISTINCT new_value FROM record_change WHERE import_id = ${Number(importId)} AND field = 'crime_type'`)[0]?.values ?? [];
    expect(newTypes.flat()).toEqual(third.updated > 0 ? ['Criminal damage'] : []);
    // Records point to the import that last wrote them.
    expect(scalar(db, `SELECT COUNT(*) FROM record WHERE import_id = ${Number(importId)}`)).toBe(6_000 + third.updated);
    expect(indexSql(db)).toEqual(indexes);
    isConsistent(db);
    // Pivots read the rebuilt index and the table alike.
    const byIndex = db.exec('SELECT crime_type_id, district_id, COUNT(*) FROM record INDEXED BY record_by_type_district_month GROUP BY 1, 2 ORDER BY 1, 2');
    const byScan = db.exec('SELECT crime_type_id, district_id, COUNT(*) FROM record NOT INDEXED GROUP BY 1, 2 ORDER BY 1, 2');
    expect(byIndex).toEqual(byScan);
    db.close();
  }, 120_000);

  it('a cancelled large batch leaves the workbench exactly as it was, indexes included', async () => {
    const db = createWorkbench(SQL);
    await importOne(db, csvOf('small.csv', records.slice(0, 1_000)));
    const before = exportRows(db);
    let checks = 0;
    await expect(
      importFiles(db, [csvOf('big.csv', records.slice(1_000, 30_000))], { now: NOW, isCancelled: () => ++checks > 3 }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(exportRows(db)).toEqual(before);
    expect(indexSql(db).length).toBeGreaterThanOrEqual(3);
    isConsistent(db);
    db.close();
  });

  it('stores the content hash of the fields as first defined, so re-imports into existing workbenches stay duplicates', async () => {
    const db = createWorkbench(SQL);
    await importOne(db, csvOf('hash.csv', records.slice(0, 2_000)));
    const stored = db.exec(`SELECT r.record_type, r.day, r.hour, r.reported_day, r.offence_code, ct.name, d.name, w.name, l.code,
        r.easting, r.northing, r.latitude, r.longitude, r.victim_pseudonym, r.victim_age, NULL, r.sex, r.domestic, r.hate,
        hs.name, r.alcohol, ac.name, o.name, r.offender_age_band, hex(r.content_hash)
      FROM record r JOIN crime_type ct ON ct.id = r.crime_type_id JOIN district d ON d.id = r.district_id
      LEFT JOIN ward w ON w.id = r.ward_id LEFT JOIN lsoa l ON l.id = r.lsoa_id LEFT JOIN outcome o ON o.id = r.outcome_id
      LEFT JOIN hate_strand hs ON hs.id = r.hate_strand_id LEFT JOIN asb_category ac ON ac.id = r.asb_category_id`)[0]?.values ?? [];
    expect(stored).toHaveLength(2_000);
    for (const row of stored) {
      const text = row.slice(0, 24).map((value) => `${value as string | number | null}`).join('\u001f');
      expect(Buffer.from(digest128(text)).toString('hex').toUpperCase()).toBe(row[24]);
    }
    db.close();
  });
});

/**
 * A workbench as files made before the record key had an index of its own:
 * the key's uniqueness is a UNIQUE column constraint, whose index cannot be
 * dropped, so imports there find keys through SQLite.
 */
function olderWorkbench(): Database {
  const db = createWorkbench(SQL);
  const tableSql = String(scalar(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'record'"));
  const indexes = indexSql(db).filter((sql) => !sql.includes('(record_key)'));
  expect(tableSql).toContain('record_key BLOB NOT NULL,');
  db.run('PRAGMA foreign_keys = OFF');
  db.run('DROP TABLE record');
  db.run(tableSql.replace('record_key BLOB NOT NULL,', 'record_key BLOB NOT NULL UNIQUE,'));
  for (const sql of indexes) db.run(sql);
  db.run('PRAGMA foreign_keys = ON');
  return db;
}

describe('record keys found without their index (RecordKeys) against SQLite\'s unique constraint', () => {
  it('give the same records, counts, updates and change log as a workbench whose key index cannot be dropped', async () => {
    // 26,000 rows: a reference repeated unchanged (a duplicate) and changed (an update) within the file,
    // then an overlapping extract with new, unchanged and changed records, big enough to defer indexes again.
    const base = records.slice(0, 25_000);
    const first = [...base, ...base.slice(100, 600), ...base.slice(700, 1_200).map((r) => ({ ...r, crime_type: r.crime_type === 'Criminal damage' ? 'Shoplifting' : 'Criminal damage' }))];
    const second = [
      ...records.slice(10_000, 25_000),
      ...records.slice(25_000, 30_000).map((r) => ({ ...r })),
      ...records.slice(2_000, 8_000).map((r, i) => (i % 3 === 0 ? { ...r, crime_type: 'Criminal damage', offence_code: '058/01' } : r)),
    ];
    const results = [];
    const workbenches = [createWorkbench(SQL), olderWorkbench()];
    // One pseudonym key for both (each workbench makes its own), so the stored records can be compared.
    const key = bytesToHex(pseudonymKey(workbenches[0] as Database));
    for (const db of workbenches) writeMeta(db, PSEUDONYM_KEY_META, key);
    for (const db of workbenches) {
      const hasKeyIndex = indexSql(db).some((sql) => sql.includes('(record_key)'));
      const reports = [await importOne(db, csvOf('first.csv', first)), await importOne(db, csvOf('second.csv', second))];
      isConsistent(db);
      expect(scalar(db, 'SELECT COUNT(*) = COUNT(DISTINCT record_key) FROM record')).toBe(1);
      results.push({
        hasKeyIndex,
        counts: reports.map(({ read, accepted, rejected, duplicate, updated }) => ({ read, accepted, rejected, duplicate, updated })),
        records: db.exec('SELECT * FROM record ORDER BY id'),
        changes: db.exec('SELECT * FROM record_change ORDER BY import_id, record_id, field'),
      });
      db.close();
    }
    const [current, older] = results;
    expect(current?.hasKeyIndex).toBe(true);
    expect(older?.hasKeyIndex).toBe(false);
    expect(current?.counts[0]).toMatchObject({ read: 26_000, accepted: 25_000, duplicate: 500, updated: 500 });
    expect(current?.counts[1]?.accepted).toBe(5_000);
    expect(current?.counts[1]?.updated).toBeGreaterThan(0);
    expect(current?.counts).toEqual(older?.counts);
    expect(current?.changes).toEqual(older?.changes);
    expect(current?.records).toEqual(older?.records);
  }, 120_000);
});

describe('the change log of updated records', () => {
  it('keeps each changed field with its stored and its new text (names and codes, not ids)', async () => {
    const base = records.slice(0, 3_000);
    // Every third record takes another record's ward and LSOA, every fifth another crime type and offence code.
    const changed = base.map((r, i) => {
      const other = base[(i * 7 + 3) % base.length] ?? r;
      return {
        ...r,
        ...(i % 3 === 0 && other.district === r.district ? { ward: other.ward, lsoa_code: other.lsoa_code } : {}),
        ...(i % 5 === 0 ? { crime_type: other.crime_type, offence_code: other.offence_code } : {}),
      };
    });
    const db = createWorkbench(SQL);
    await importOne(db, csvOf('first.csv', base));
    const report = await importOne(db, csvOf('revised.csv', changed));
    const logged = new Map<string, [unknown, unknown]>();
    for (const [ref, field, before, after] of db.exec(
      `SELECT i.ref, c.field, c.old_value, c.new_value FROM record_change c
       JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS ref FROM record) i ON i.id = c.record_id`,
    )[0]?.values ?? []) logged.set(`${String(ref)} ${String(field)}`, [before, after]);
    let expected = 0;
    base.forEach((r, i) => {
      const next = changed[i] ?? r;
      for (const field of ['ward', 'lsoa_code', 'crime_type', 'offence_code'] as const) {
        if (r[field] === next[field]) expect(logged.has(`${i} ${field}`)).toBe(false);
        else {
          expected++;
          // A blank cell is stored, and logged, as null.
          expect(logged.get(`${i} ${field}`), `record ${i} ${field}`).toEqual([r[field] || null, next[field] || null]);
        }
      }
    });
    expect(expected).toBeGreaterThan(500);
    expect(logged.size).toBe(expected);
    expect(report.updated).toBe(new Set([...logged.keys()].map((key) => key.split(' ')[0])).size);
    db.close();
  });
});

function exportRows(db: Database): unknown {
  return ['record', 'import', 'crime_type', 'ward', 'lsoa', 'record_change', 'meta'].map((table) => db.exec(`SELECT * FROM ${table} ORDER BY 1`));
}

describe("the generator's malformed files", () => {
  it('accepts and rejects exactly the expected rows: accepted + rejected = data rows, rejects by line', async () => {
    const set = malformedFiles(1);
    const files: ImportFileInput[] = [...set.files, { name: set.xlsx.name, bytes: await xlsxBytes(set.xlsx) }];
    for (const file of files) {
      const expected = set.expected[file.name];
      if (expected === undefined) throw new Error(`no expectation for ${file.name}`);
      const db = createWorkbench(SQL);
      const report = await importOne(db, { name: file.name.split('/').pop() ?? file.name, bytes: file.bytes });
      expect(report.read, file.name).toBe(expected.dataRows);
      expect(report.accepted + report.rejected, file.name).toBe(expected.dataRows);
      expect(report.accepted, file.name).toBe(expected.accepted);
      expect(report.rejected, file.name).toBe(expected.rejected);
      expect(report.rejects.map((r) => r.line).sort((a, b) => a - b), file.name).toEqual(expected.rejections.map((r) => r.line).sort((a, b) => a - b));
      isConsistent(db);
      db.close();
    }
  }, 60_000);

  it('rejects each planted fault on its field, and a mis-keyed year (14/07/2204) as a date in the future, not as unreadable', async () => {
    const set = malformedFiles(1);
    for (const file of set.files) {
      const expected = set.expected[file.name];
      if (expected === undefined || expected.rejections.length === 0) continue;
      const report = await importOne(createWorkbench(SQL), { name: file.name.split('/').pop() ?? file.name, bytes: file.bytes });
      for (const planted of expected.rejections) {
        const reject = report.rejects.find((r) => r.line === planted.line);
        expect(reject?.field, `${file.name} line ${planted.line}`).toBe(planted.column);
        if (planted.reason === 'date in the future') expect(reject?.reason, `${file.name} line ${planted.line}`).toMatch(/^date in the future/);
      }
    }
  });
});

describe('police.uk record keys and content hashes', () => {
  it('keep their first definition (month + Crime ID or content, occurrence), so re-imports into existing workbenches match', async () => {
    const header = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
    const lines = [
      'abc123,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.449692,53.052186,On or near Church Street,E01019429,Mansfield 006A,Burglary,Under investigation,',
      'abc123,2023-01,Nottinghamshire Police,Nottinghamshire Police,-1.449692,53.052186,On or near Church Street,E01019429,Mansfield 006A,Burglary,Under investigation,',
      ',2023-01,Nottinghamshire Police,Nottinghamshire Police, -1.2 ,53.1,On or near Park,E01019430,Ashfield 001B,Anti-social behaviour,,',
    ];
    const db = createWorkbench(SQL);
    const report = await importOne(db, { name: '2023-01-nottinghamshire-street.csv', bytes: new TextEncoder().encode([header, ...lines].join('\n')) });
    expect(report.accepted).toBe(3);
    const cells = lines.map((line) => line.split(',').map((cell) => cell.trim()));
    const hex = (text: string): string => Buffer.from(digest128(text)).toString('hex').toUpperCase();
    const expected = [
      [hex('police-uk\u001ecrime\u001f2023-01\u001fabc123\u001e1'), hex(cells[0]?.join('\u001f') ?? '')],
      [hex('police-uk\u001ecrime\u001f2023-01\u001fabc123\u001e2'), hex(cells[1]?.join('\u001f') ?? '')],
      [hex(`police-uk\u001easb\u001f2023-01\u001f${cells[2]?.join('\u001f') ?? ''}\u001e1`), null],
    ];
    expect(db.exec('SELECT hex(record_key), CASE WHEN content_hash IS NULL THEN NULL ELSE hex(content_hash) END FROM record ORDER BY id')[0]?.values).toEqual(expected);
    db.close();
  });
});

describe('a large import through the worker\'s service', () => {
  it('reports progress as it goes, lets the event loop run (Cancel is heard), and a Cancel mid-way changes nothing', async () => {
    const service = new WorkbenchService(SQL);
    const file = csvOf('district.csv', records.slice(0, 30_000));
    const progress: ImportProgress[] = [];
    let timerFired = false;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    const context: HandlerContext = {
      isCancelled: () => false,
      emit: (name, payload) => {
        if (name === 'import/progress') progress.push(payload as ImportProgress);
      },
    };
    const [report] = await service.dispatch('import/files', { files: [file], kind: 'district' }, context);
    expect(report?.accepted).toBe(30_000);
    // The import gave the event loop a turn (the worker's onmessage, so Cancel, runs in those).
    expect(timerFired).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toMatchObject({ rowsDone: 30_000, rowsTotal: 30_000, fileIndex: 0, fileCount: 1 });
    for (let i = 1; i < progress.length; i++) expect(progress[i]?.rowsDone ?? 0).toBeGreaterThan(progress[i - 1]?.rowsDone ?? 0);

    // Cancelled as soon as the first progress arrives: the second file's rows are never kept.
    const before = (await service.dispatch('workbench/info', {}, context)).records;
    let cancelled = false;
    const cancelling: HandlerContext = {
      isCancelled: () => cancelled,
      emit: (name) => {
        if (name === 'import/progress') cancelled = true;
      },
    };
    await expect(
      service.dispatch('import/files', { files: [csvOf('more.csv', records.slice(0, 30_000).map((r) => ({ ...r, record_ref: `X${r.record_ref}` })))] }, cancelling),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect((await service.dispatch('workbench/info', {}, context)).records).toBe(before);
  }, 60_000);
});
