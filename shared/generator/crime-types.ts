/**
 * Force crime categories the generator records, with the Home Office codes
 * written beside them and the behaviour that differs between categories
 * (who the victim is, how quickly it is reported, how often it is domestic).
 * Codes are plausible Home Office classifications, not an authoritative list.
 */

export const ASB_CRIME_TYPE = 'Anti-social behaviour';

export type SeasonKey = 'summer' | 'winter' | 'none';

/** How long after the offence it is reported (drives reported_date). */
export type ReportingLag = 'immediate' | 'hours' | 'property' | 'sexual' | 'proactive' | 'slow';

export interface CrimeTypeInfo {
  name: string;
  /** Share of a district's recorded crime (normalised over all types). */
  share: number;
  /** Multiplier on the share in Nottingham City (city-centre offences run higher there). */
  cityFactor: number;
  season: SeasonKey;
  /** A person is the victim (victim_ref, age and sex are filled in). */
  personalVictim: boolean;
  /** Share of fresh (not repeat) offences of this type flagged domestic. */
  domesticShare: number;
  /** Share flagged hate. */
  hateShare: number;
  /** Share flagged alcohol-related. */
  alcoholShare: number;
  /** Share whose committed time is unknown, written as a date only. */
  dateOnlyShare: number;
  lag: ReportingLag;
  /** Home Office codes with relative weights. */
  codes: ReadonlyArray<readonly [string, number]>;
  /** iQuanta offence groups the type counts towards (besides `All crime`). */
  iquantaMeasures: readonly string[];
}

const VICTIM_BASED = 'Victim-based crime';

export const CRIME_TYPES: readonly CrimeTypeInfo[] = [
  {
    name: 'Violence without injury', share: 0.22, cityFactor: 1, season: 'summer', personalVictim: true,
    domesticShare: 0.26, hateShare: 0.03, alcoholShare: 0.18, dateOnlyShare: 0, lag: 'immediate',
    codes: [['105/01', 6], ['008/31', 3], ['008/65', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Violence against the person', 'Violence without injury'],
  },
  {
    name: 'Violence with injury', share: 0.13, cityFactor: 1.05, season: 'summer', personalVictim: true,
    domesticShare: 0.22, hateShare: 0.02, alcoholShare: 0.25, dateOnlyShare: 0, lag: 'immediate',
    codes: [['008/01', 7], ['005/01', 2], ['008/06', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Violence against the person', 'Violence with injury'],
  },
  {
    name: 'Sexual offences', share: 0.035, cityFactor: 1.1, season: 'none', personalVictim: true,
    domesticShare: 0.15, hateShare: 0, alcoholShare: 0.1, dateOnlyShare: 0, lag: 'sexual',
    codes: [['019/07', 3], ['017/01', 4], ['020/03', 3]],
    iquantaMeasures: [VICTIM_BASED, 'Sexual offences'],
  },
  {
    name: 'Robbery of personal property', share: 0.012, cityFactor: 2, season: 'none', personalVictim: true,
    domesticShare: 0, hateShare: 0.01, alcoholShare: 0.05, dateOnlyShare: 0, lag: 'immediate',
    codes: [['034/01', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Robbery'],
  },
  {
    name: 'Burglary Dwelling', share: 0.045, cityFactor: 1.1, season: 'winter', personalVictim: true,
    domesticShare: 0, hateShare: 0, alcoholShare: 0, dateOnlyShare: 0, lag: 'property',
    codes: [['028/01', 8], ['028/02', 2]],
    iquantaMeasures: [VICTIM_BASED, 'Domestic burglary'],
  },
  {
    name: 'Burglary Business and Community', share: 0.02, cityFactor: 1, season: 'none', personalVictim: false,
    domesticShare: 0, hateShare: 0, alcoholShare: 0, dateOnlyShare: 0.1, lag: 'property',
    codes: [['030/01', 8], ['030/02', 2]],
    iquantaMeasures: [VICTIM_BASED],
  },
  {
    name: 'Theft from the person', share: 0.012, cityFactor: 2.2, season: 'none', personalVictim: true,
    domesticShare: 0, hateShare: 0, alcoholShare: 0.05, dateOnlyShare: 0, lag: 'hours',
    codes: [['039/00', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Theft from the person'],
  },
  {
    name: 'Shoplifting', share: 0.09, cityFactor: 1.15, season: 'none', personalVictim: false,
    domesticShare: 0, hateShare: 0, alcoholShare: 0.02, dateOnlyShare: 0, lag: 'hours',
    codes: [['046/00', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Shoplifting'],
  },
  {
    name: 'Theft of motor vehicle', share: 0.018, cityFactor: 1, season: 'none', personalVictim: true,
    domesticShare: 0, hateShare: 0, alcoholShare: 0, dateOnlyShare: 0.12, lag: 'property',
    codes: [['048/00', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Vehicle offences'],
  },
  {
    name: 'Theft from motor vehicle', share: 0.035, cityFactor: 1, season: 'none', personalVictim: true,
    domesticShare: 0, hateShare: 0, alcoholShare: 0, dateOnlyShare: 0.15, lag: 'property',
    codes: [['045/00', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Vehicle offences'],
  },
  {
    name: 'Bicycle theft', share: 0.015, cityFactor: 1.4, season: 'none', personalVictim: true,
    domesticShare: 0, hateShare: 0, alcoholShare: 0, dateOnlyShare: 0.15, lag: 'property',
    codes: [['044/00', 1]],
    iquantaMeasures: [VICTIM_BASED],
  },
  {
    name: 'Other theft', share: 0.075, cityFactor: 1.1, season: 'none', personalVictim: true,
    domesticShare: 0, hateShare: 0, alcoholShare: 0.02, dateOnlyShare: 0.15, lag: 'property',
    codes: [['049/00', 7], ['043/00', 3]],
    iquantaMeasures: [VICTIM_BASED],
  },
  {
    name: 'Criminal damage', share: 0.095, cityFactor: 0.9, season: 'none', personalVictim: true,
    domesticShare: 0.06, hateShare: 0.02, alcoholShare: 0.08, dateOnlyShare: 0.12, lag: 'property',
    codes: [['058/01', 4], ['058/02', 2], ['058/03', 3], ['058/04', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Criminal damage and arson'],
  },
  {
    name: 'Arson', share: 0.008, cityFactor: 0.8, season: 'none', personalVictim: true,
    domesticShare: 0, hateShare: 0, alcoholShare: 0.03, dateOnlyShare: 0, lag: 'hours',
    codes: [['056/01', 1]],
    iquantaMeasures: [VICTIM_BASED, 'Criminal damage and arson'],
  },
  {
    // Trafficking and possession share the force category; the code tells them apart.
    name: 'Drug offences', share: 0.035, cityFactor: 1.5, season: 'none', personalVictim: false,
    domesticShare: 0, hateShare: 0, alcoholShare: 0, dateOnlyShare: 0, lag: 'proactive',
    codes: [['092/01', 2], ['092/04', 6], ['092/06', 2]],
    iquantaMeasures: ['Drug offences'],
  },
  {
    name: 'Possession of weapons', share: 0.012, cityFactor: 1.6, season: 'none', personalVictim: false,
    domesticShare: 0, hateShare: 0, alcoholShare: 0.05, dateOnlyShare: 0, lag: 'proactive',
    codes: [['010/05', 6], ['081/01', 4]],
    iquantaMeasures: ['Possession of weapons offences'],
  },
  {
    name: 'Public order offences', share: 0.12, cityFactor: 1, season: 'none', personalVictim: false,
    domesticShare: 0, hateShare: 0.08, alcoholShare: 0.2, dateOnlyShare: 0, lag: 'immediate',
    codes: [['009/01', 6], ['125/04', 2], ['066/01', 2]],
    iquantaMeasures: ['Public order offences'],
  },
  {
    name: 'Miscellaneous crimes against society', share: 0.038, cityFactor: 1, season: 'none', personalVictim: false,
    domesticShare: 0, hateShare: 0, alcoholShare: 0, dateOnlyShare: 0, lag: 'slow',
    codes: [['080/00', 3], ['099/00', 4], ['802/00', 3]],
    iquantaMeasures: [],
  },
];

export const CRIME_TYPE_NAMES: readonly string[] = CRIME_TYPES.map((t) => t.name);

/** iQuanta offence groups in the order the extract lists them. */
export const IQUANTA_MEASURES: readonly string[] = [
  'All crime',
  VICTIM_BASED,
  'Violence against the person',
  'Violence with injury',
  'Violence without injury',
  'Sexual offences',
  'Robbery',
  'Domestic burglary',
  'Vehicle offences',
  'Theft from the person',
  'Shoplifting',
  'Criminal damage and arson',
  'Drug offences',
  'Possession of weapons offences',
  'Public order offences',
];

export function crimeTypeIndex(name: string): number {
  const index = CRIME_TYPES.findIndex((t) => t.name === name);
  if (index < 0) throw new Error(`unknown crime type ${name}`);
  return index;
}
