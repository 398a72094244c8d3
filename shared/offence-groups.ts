/**
 * Home Office offence groups, and the mapping of police.uk categories onto
 * them so that police.uk data pivots beside the force's own extracts.
 * police.uk publishes "Violence and sexual offences" as one category, so it
 * cannot be split into the finer Home Office groups.
 */
import type { Database } from 'sql.js';
import { WorkbenchError } from './errors';

export const OFFENCE_GROUPS = [
  'Violence with injury',
  'Violence without injury',
  'Sexual offences',
  'Violence and sexual offences',
  'Robbery',
  'Burglary',
  'Vehicle offences',
  'Theft',
  'Shoplifting',
  'Criminal damage and arson',
  'Drugs',
  'Possession of weapons',
  'Public order',
  'Miscellaneous',
  'Anti-social behaviour',
] as const;
export type OffenceGroup = (typeof OFFENCE_GROUPS)[number];

export const POLICE_UK_OFFENCE_GROUP: Readonly<Record<string, OffenceGroup>> = {
  'anti-social behaviour': 'Anti-social behaviour',
  'bicycle theft': 'Theft',
  burglary: 'Burglary',
  'criminal damage and arson': 'Criminal damage and arson',
  drugs: 'Drugs',
  'other crime': 'Miscellaneous',
  'other theft': 'Theft',
  'possession of weapons': 'Possession of weapons',
  'public order': 'Public order',
  robbery: 'Robbery',
  shoplifting: 'Shoplifting',
  'theft from the person': 'Theft',
  'vehicle crime': 'Vehicle offences',
  'violence and sexual offences': 'Violence and sexual offences',
};

export const ANTI_SOCIAL_BEHAVIOUR = 'Anti-social behaviour';

/**
 * Force crime types (district extracts) onto Home Office offence groups.
 * Exact names first; otherwise the keyword rules below; a type neither
 * catches is left unmapped ("Not mapped" in pivots) until the analyst maps
 * it (`offence-groups/set`).
 */
export const FORCE_CRIME_TYPE_OFFENCE_GROUP: Readonly<Record<string, OffenceGroup>> = {
  'violence with injury': 'Violence with injury',
  'violence without injury': 'Violence without injury',
  'sexual offences': 'Sexual offences',
  'rape': 'Sexual offences',
  'other sexual offences': 'Sexual offences',
  'robbery': 'Robbery',
  'robbery of business property': 'Robbery',
  'robbery of personal property': 'Robbery',
  'burglary dwelling': 'Burglary',
  'burglary other than dwelling': 'Burglary',
  'burglary non dwelling': 'Burglary',
  'burglary non-dwelling': 'Burglary',
  'domestic burglary': 'Burglary',
  'non-domestic burglary': 'Burglary',
  'burglary residential': 'Burglary',
  'burglary business and community': 'Burglary',
  'vehicle offences': 'Vehicle offences',
  'theft of a motor vehicle': 'Vehicle offences',
  'theft of motor vehicle': 'Vehicle offences',
  'theft from a motor vehicle': 'Vehicle offences',
  'theft from motor vehicle': 'Vehicle offences',
  'vehicle interference': 'Vehicle offences',
  'aggravated vehicle taking': 'Vehicle offences',
  'theft from the person': 'Theft',
  'bicycle theft': 'Theft',
  'other theft': 'Theft',
  'theft offences': 'Theft',
  'shoplifting': 'Shoplifting',
  'criminal damage': 'Criminal damage and arson',
  'arson': 'Criminal damage and arson',
  'criminal damage and arson': 'Criminal damage and arson',
  'drugs': 'Drugs',
  'drug offences': 'Drugs',
  'possession of drugs': 'Drugs',
  'trafficking of drugs': 'Drugs',
  'possession of weapons': 'Possession of weapons',
  'possession of weapons offences': 'Possession of weapons',
  'public order': 'Public order',
  'public order offences': 'Public order',
  'miscellaneous crimes against society': 'Miscellaneous',
  'miscellaneous': 'Miscellaneous',
  'other crime': 'Miscellaneous',
  'homicide': 'Violence with injury',
  'death or serious injury by unlawful driving': 'Violence with injury',
  'stalking and harassment': 'Violence without injury',
  'harassment': 'Violence without injury',
  'common assault': 'Violence without injury',
  'anti-social behaviour': 'Anti-social behaviour',
  'asb': 'Anti-social behaviour',
};

/** Keyword rules for force crime types not named above; order matters (shoplifting before theft). */
const KEYWORD_RULES: readonly (readonly [RegExp, OffenceGroup])[] = [
  [/anti[- ]?social/, 'Anti-social behaviour'],
  [/without injury|common assault|harassment|stalking|malicious communication/, 'Violence without injury'],
  [/with injury|wounding|\bgbh\b|\babh\b|grievous|actual bodily|homicide|murder|manslaughter/, 'Violence with injury'],
  [/sexual|rape|indecent/, 'Sexual offences'],
  [/robbery/, 'Robbery'],
  [/burglary/, 'Burglary'],
  [/shoplifting|theft from (a )?shop/, 'Shoplifting'],
  [/vehicle|motor|\btwoc\b/, 'Vehicle offences'],
  [/theft|stealing|handling stolen/, 'Theft'],
  [/criminal damage|arson/, 'Criminal damage and arson'],
  [/drug|cannabis|controlled substance/, 'Drugs'],
  [/weapon|firearm|knife|blade/, 'Possession of weapons'],
  [/public order|affray|riot|violent disorder/, 'Public order'],
  [/miscellaneous|other crime/, 'Miscellaneous'],
];

/** The offence group of a crime type (police.uk or force), or null when no rule knows it. */
export function offenceGroupOf(crimeType: string): OffenceGroup | null {
  const key = crimeType.trim().toLowerCase().replace(/\s+/g, ' ');
  // Own keys only: a crime type called "constructor" is not a member of Object.
  const exact = Object.hasOwn(POLICE_UK_OFFENCE_GROUP, key) ? POLICE_UK_OFFENCE_GROUP[key] : Object.hasOwn(FORCE_CRIME_TYPE_OFFENCE_GROUP, key) ? FORCE_CRIME_TYPE_OFFENCE_GROUP[key] : undefined;
  if (exact !== undefined) return exact;
  for (const [pattern, group] of KEYWORD_RULES) if (pattern.test(key)) return group;
  return null;
}

export interface CrimeTypeGroup {
  crimeType: string;
  /** null when not mapped. */
  group: string | null;
  records: number;
}

/** Every crime type in the workbench with its offence group and record count. */
export function listOffenceGroupMapping(db: Database): CrimeTypeGroup[] {
  const rows =
    db.exec(
      `SELECT ct.name, og.name, (SELECT COUNT(*) FROM record r WHERE r.crime_type_id = ct.id)
       FROM crime_type ct LEFT JOIN offence_group og ON og.id = ct.offence_group_id
       ORDER BY ct.name COLLATE NOCASE`,
    )[0]?.values ?? [];
  return rows.map((row) => ({
    crimeType: String(row[0]),
    group: row[1] === null ? null : String(row[1]),
    records: Number(row[2]),
  }));
}

/** Maps one crime type to an offence group (null to unmap); the pivot's offence group follows at once. */
export function setOffenceGroup(db: Database, crimeType: string, group: string | null): CrimeTypeGroup[] {
  if (group !== null && !(OFFENCE_GROUPS as readonly string[]).includes(group)) {
    throw new WorkbenchError({
      code: 'bad-input',
      field: 'group',
      message: `"${group}" is not an offence group; choose one of ${OFFENCE_GROUPS.join(', ')}.`,
    });
  }
  const exists = db.exec('SELECT 1 FROM crime_type WHERE name = ?', [crimeType]).length > 0;
  if (!exists) throw new WorkbenchError({ code: 'not-found', message: `No crime type "${crimeType}" in this workbench.` });
  if (group !== null) db.run('INSERT INTO offence_group (name) VALUES (?) ON CONFLICT(name) DO NOTHING', [group]);
  db.run('UPDATE crime_type SET offence_group_id = (SELECT id FROM offence_group WHERE name = ?) WHERE name = ?', [group, crimeType]);
  return listOffenceGroupMapping(db);
}
