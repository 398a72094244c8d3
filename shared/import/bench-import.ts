/**
 * Import throughput: a generated 200k-row district extract (CSV) and the real
 * police.uk files. Run: npx tsx shared/import/bench-import.ts [rows]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { policeUkFiles } from '../../tests/helpers/police-uk-data';
import { createWorkbench } from '../workbench';
import { importFiles } from './import-files';

const CRIME_TYPES = ['Violence with injury', 'Violence without injury', 'Burglary Dwelling', 'Burglary other than dwelling', 'Shoplifting', 'Theft from motor vehicle', 'Criminal damage', 'Robbery of personal property', 'Public order offences', 'Possession of drugs', 'Other theft', 'Bicycle theft', 'Anti-social behaviour'];
const DISTRICTS = ['Ashfield', 'Bassetlaw', 'Broxtowe', 'Gedling', 'Mansfield', 'Newark and Sherwood', 'Nottingham City', 'Rushcliffe'];

/** A deterministic district extract of `count` rows. */
export function generateDistrictCsv(count: number, seed = 1): string {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const lines = ['record_ref,record_type,committed_date,crime_type,offence_code,district,ward,lsoa_code,easting,northing,victim_ref,victim_age,victim_sex,domestic,hate,alcohol,asb_category'];
  for (let i = 0; i < count; i++) {
    const type = pick(CRIME_TYPES);
    const isAsb = type === 'Anti-social behaviour';
    const day = 1 + Math.floor(next() * 28);
    const month = 1 + Math.floor(next() * 12);
    const year = 2014 + Math.floor(next() * 3);
    const time = next() < 0.7 ? ` ${String(Math.floor(next() * 24)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')}` : '';
    const district = pick(DISTRICTS);
    const victim = isAsb || next() < 0.2 ? '' : `NOM-${Math.floor(next() * 90_000)}`;
    lines.push(
      [
        isAsb ? `IN-${i}` : `${14_000_000 + i}/14`,
        isAsb ? 'incident' : 'crime',
        `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}${time}`,
        type,
        isAsb ? '' : `0${Math.floor(next() * 90 + 10)}/0${Math.floor(next() * 9)}`,
        district,
        `Ward ${Math.floor(next() * 20)}`,
        `E0102${String(Math.floor(next() * 9000) + 1000)}`,
        String(440_000 + Math.floor(next() * 40_000)),
        String(330_000 + Math.floor(next() * 50_000)),
        victim,
        victim === '' ? '' : String(Math.floor(next() * 90)),
        victim === '' ? '' : pick(['F', 'M', 'Unknown']),
        isAsb ? '' : pick(['Y', 'N', 'N', 'N']),
        isAsb ? '' : pick(['N', 'N', 'N', 'N', 'N', 'N', 'N', 'N', 'N', 'Race']),
        isAsb ? '' : pick(['Y', 'N', 'N']),
        isAsb ? pick(['Personal', 'Nuisance', 'Environmental']) : '',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 200_000);
  const SQL = await loadSqlJs();
  const bytes = new TextEncoder().encode(generateDistrictCsv(rows));
  for (let run = 0; run < 2; run++) {
    const db = createWorkbench(SQL);
    const start = performance.now();
    const [report] = await importFiles(db, [{ name: 'district-200k.csv', bytes }]);
    const seconds = (performance.now() - start) / 1000;
    const reimport = performance.now();
    await importFiles(db, [{ name: 'district-200k.csv', bytes }]);
    const reSeconds = (performance.now() - reimport) / 1000;
    console.log(
      `district CSV: ${rows} rows (${(bytes.length / 1e6).toFixed(1)} MB) in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString('en-GB')} rows/s; accepted ${report?.accepted}, rejected ${report?.rejected}; re-import (all duplicates) ${Math.round(rows / reSeconds).toLocaleString('en-GB')} rows/s`,
    );
    db.close();
  }
  const files = policeUkFiles().map((path) => ({ name: basename(path), bytes: readFileSync(path) }));
  const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
  for (let run = 0; run < 2; run++) {
    const db = createWorkbench(SQL);
    const start = performance.now();
    const reports = await importFiles(db, files);
    const seconds = (performance.now() - start) / 1000;
    const count = reports.reduce((sum, r) => sum + r.read, 0);
    console.log(`police.uk: ${count} rows (${(total / 1e6).toFixed(1)} MB) in ${seconds.toFixed(2)} s = ${Math.round(count / seconds).toLocaleString('en-GB')} rows/s`);
    db.close();
  }
}

if (process.argv[1]?.endsWith('bench-import.ts')) await main();
