/**
 * Districts of the Nottinghamshire force area, and how other sources name them.
 */
export const FORCE_DISTRICTS = [
  'Ashfield',
  'Bassetlaw',
  'Broxtowe',
  'Gedling',
  'Mansfield',
  'Newark and Sherwood',
  'Nottingham City',
  'Rushcliffe',
] as const;

/** Records with no LSOA and no district go here, so they are still counted. */
export const UNKNOWN_DISTRICT = 'Unknown district';

/** Names other sources use for a force district (ONS and police.uk say "Nottingham"). */
const DISTRICT_ALIASES: Readonly<Record<string, string>> = {
  nottingham: 'Nottingham City',
  'city of nottingham': 'Nottingham City',
  'nottingham city': 'Nottingham City',
  'newark & sherwood': 'Newark and Sherwood',
};

/** The district's name as the workbench shows it. */
export function canonicalDistrict(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const key = trimmed.toLowerCase();
  // Own keys only: "constructor" or "__proto__" is a district name here, not a member of Object.
  if (Object.hasOwn(DISTRICT_ALIASES, key)) return DISTRICT_ALIASES[key] ?? trimmed;
  const force = FORCE_DISTRICTS.find((d) => d.toLowerCase() === trimmed.toLowerCase());
  return force ?? trimmed;
}

/**
 * The district of an LSOA from its name: `Mansfield 012A` is Mansfield and
 * `Nottingham 001A` is Nottingham City. LSOAs outside the force area keep
 * their own district (`Amber Valley 006A` is Amber Valley).
 */
export function districtFromLsoaName(lsoaName: string): string | null {
  const match = /^(.*\S)\s+\d{3}[A-Z]$/.exec(lsoaName.trim());
  if (match?.[1] === undefined) return null;
  return canonicalDistrict(match[1]);
}

/** ONS codes of the force's districts (local authorities), for population estimates. */
export const FORCE_DISTRICT_CODES: Readonly<Record<string, (typeof FORCE_DISTRICTS)[number]>> = {
  E07000170: 'Ashfield',
  E07000171: 'Bassetlaw',
  E07000172: 'Broxtowe',
  E07000173: 'Gedling',
  E07000174: 'Mansfield',
  E07000175: 'Newark and Sherwood',
  E07000176: 'Rushcliffe',
  E06000018: 'Nottingham City',
};
