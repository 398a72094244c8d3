/**
 * The real police.uk files in ../shared/data, and an independent reading of
 * them (line splitting and a regex, not the importer's CSV parser) to check
 * the importer's counts against.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const POLICE_UK_DIR = resolve(import.meta.dirname, '../../../shared/data/policeuk-nottinghamshire-street-2023-2024');

export function policeUkFiles(): string[] {
  return readdirSync(POLICE_UK_DIR)
    .filter((name) => /^\d{4}-\d{2}-nottinghamshire-street\.csv$/.test(name))
    .sort()
    .map((name) => resolve(POLICE_UK_DIR, name));
}

/** Splits one CSV line on commas outside double quotes. */
function splitLine(line: string): string[] {
  return line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((cell) => cell.replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
}

export interface IndependentCount {
  rows: number;
  /** `crime type|district` -> rows. */
  byTypeAndDistrict: Map<string, number>;
}

/** Counts rows by crime type and district (LSOA name minus its code; Nottingham is Nottingham City). */
export function countIndependently(paths: readonly string[]): IndependentCount {
  const byTypeAndDistrict = new Map<string, number>();
  let rows = 0;
  for (const path of paths) {
    const lines = readFileSync(path, 'utf8').split('\n').slice(1).filter((line) => line.trim() !== '');
    for (const line of lines) {
      const cells = splitLine(line.replace(/\r$/, ''));
      const lsoaName = cells[8] ?? '';
      const crimeType = cells[9] ?? '';
      let district = lsoaName === '' ? 'Unknown district' : lsoaName.slice(0, lsoaName.lastIndexOf(' '));
      if (district === 'Nottingham') district = 'Nottingham City';
      const key = `${crimeType}|${district}`;
      byTypeAndDistrict.set(key, (byTypeAndDistrict.get(key) ?? 0) + 1);
      rows++;
    }
  }
  return { rows, byTypeAndDistrict };
}
