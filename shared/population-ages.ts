/**
 * The ages a population estimate's age band covers ("0-9", "10 to 17",
 * "75+", "75 and over", "Under 18"). Population bands are stored as ranges
 * on the population rows, never in the victim band set (`age_band`), so any
 * victim band can be made from the population bands that fit inside it.
 * A leaf module: the schema migration reads band names with it too.
 */

/** Inclusive ages; max null = open-ended (75+). */
export interface AgeRange {
  min: number;
  max: number | null;
}

/** Oldest age a population band may name (the same limit as victims' ages). */
const OLDEST = 120;

/** "All ages", "All", "Total", "Persons" or blank: the row is every age. */
export function isAllAgesBand(text: string): boolean {
  return /^(all( ages)?|total|all persons|persons|)$/i.test(text.trim());
}

/** The range a band names, or null when it names none (the importer rejects it). */
export function populationBandRange(text: string): AgeRange | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^(?:aged?) /, '');
  let match = /^(\d{1,3}) ?(?:-|–|to) ?(\d{1,3})$/.exec(value);
  if (match) {
    const min = Number(match[1]);
    const max = Number(match[2]);
    return min <= max && max <= OLDEST ? { min, max } : null;
  }
  match = /^(\d{1,3}) ?(?:\+|and over|or over|and older|plus)$/.exec(value);
  if (match) return Number(match[1]) <= OLDEST ? { min: Number(match[1]), max: null } : null;
  match = /^(?:under|less than|<) ?(\d{1,3})$/.exec(value);
  if (match && Number(match[1]) > 0 && Number(match[1]) <= OLDEST) return { min: 0, max: Number(match[1]) - 1 };
  match = /^(\d{1,3})$/.exec(value);
  if (match && Number(match[1]) <= OLDEST) return { min: Number(match[1]), max: Number(match[1]) };
  return null;
}

/** "0-9", "75+": how notes name a population band. */
export function formatAgeRange(range: AgeRange): string {
  return range.max === null ? `${range.min}+` : range.min === range.max ? `age ${range.min}` : `${range.min}-${range.max}`;
}
