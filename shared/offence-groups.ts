/**
 * Home Office offence groups, and the mapping of police.uk categories onto
 * them so that police.uk data pivots beside the force's own extracts.
 * police.uk publishes "Violence and sexual offences" as one category, so it
 * cannot be split into the finer Home Office groups.
 */
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
