/**
 * Whose rate a rate across districts (the Totals, or a pivot not split by
 * district) is. police.uk files put a few records in districts over the
 * border (Amber Valley, Birmingham and some 180 others, often one record
 * each); with a national population file loaded, counting each such
 * district's residents beside the force's made the Totals about 25 times too
 * low. So in the force's own workbench the Totals are the force area's: its
 * districts' records over its residents, every other record left out and
 * named in a note. A workbench whose records mostly lie elsewhere (another
 * force's data) has no force area here, and divides the records of the
 * districts with a population by their residents instead.
 */
import type { Database } from 'sql.js';
import { FORCE_DISTRICTS, UNKNOWN_DISTRICT } from '../districts';
import { UntilWrite } from '../write-count';
import { pivotSource } from './cube';

const FORCE_NAMES: ReadonlySet<string> = new Set(FORCE_DISTRICTS);

/** Records in the force's districts and in other known districts, read once until the workbench is next written to. */
const recordsByArea = new UntilWrite<{ force: number; elsewhere: number }>();

/**
 * Whether the workbench is the force's own: at least half its records with a
 * known district lie in the force's eight districts. A district appearing in
 * the district table is no sign (a population file adds the eight), and
 * another force's police.uk files have a few strays in Nottinghamshire.
 */
export function isForceWorkbench(db: Database): boolean {
  const { force, elsewhere } = recordsByArea.get(db, 'records by area', () => {
    const source = pivotSource(db, ['district']);
    const rows = db.exec(`SELECT d.name, ${source.count} FROM ${source.table} r JOIN district d ON d.id = r.district_id GROUP BY r.district_id`)[0]?.values ?? [];
    let inForce = 0;
    let outside = 0;
    for (const [name, n] of rows) {
      if (name === UNKNOWN_DISTRICT) continue;
      if (FORCE_NAMES.has(String(name))) inForce += Number(n);
      else outside += Number(n);
    }
    return { force: inForce, elsewhere: outside };
  });
  return force >= elsewhere;
}

/** A district whose records a rate across districts leaves out, by its label ("Unknown district" for none), and its records. */
export interface LeftOutDistrict {
  name: string;
  records: number;
}

const count = (n: number, word: string): string => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** "A, B and C", or the first 8 "and N more" (most records first, as given). */
function listed(names: readonly string[]): string {
  if (names.length > 8) return `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/**
 * The note of a force workbench's rates across districts: which records are
 * left out of them and why, those outside the force area counted by district.
 * `grand` is the Total cell's records left out and shown, when there is one.
 */
export function forceAreaNote(leftOut: readonly LeftOutDistrict[], grand: { leftOut: number; shown: number } | null): string {
  const byRecords = [...leftOut].sort((a, b) => b.records - a.records || a.name.localeCompare(b.name));
  const sum = (list: readonly LeftOutDistrict[]): number => list.reduce((total, d) => total + d.records, 0);
  // A force district is left out only for want of a population; the others for lying outside the force area.
  const outside = byRecords.filter((d) => !FORCE_NAMES.has(d.name) && d.name !== UNKNOWN_DISTRICT);
  const unknown = byRecords.filter((d) => d.name === UNKNOWN_DISTRICT);
  const unpopulated = byRecords.filter((d) => FORCE_NAMES.has(d.name));
  const parts = [
    ...(outside.length === 0 ? [] : [`${count(sum(outside), 'record')} in ${count(outside.length, 'district')} outside the force area (${listed(outside.map((d) => d.name))})`]),
    ...(unknown.length === 0 ? [] : [`${count(sum(unknown), 'record')} in ${listed([...new Set(unknown.map((d) => d.name))])}`]),
    ...(unpopulated.length === 0 ? [] : [`${count(sum(unpopulated), 'record')} in ${listed(unpopulated.map((d) => d.name))}`]),
  ];
  const are = parts.length === 1 && sum(byRecords) === 1 ? 'is' : 'are';
  const howMany = grand === null ? '' : ` (${grand.leftOut.toLocaleString('en-GB')} of the ${grand.shown.toLocaleString('en-GB')} records shown)`;
  const why = unpopulated.length === 0 ? '' : `: ${listed(unpopulated.map((d) => d.name))} ${unpopulated.length === 1 ? 'has' : 'have'} no population loaded`;
  return `Rates across districts (the Totals, and any rate not split by district) are the force area's: the records of its districts with a population loaded, over their residents. ${listed(parts)} ${are} left out of the Totals' rate${howMany}${why}.`;
}
