/**
 * The pivot builder's edits as pure functions on a spec: put a field in
 * Rows, Columns or Filters (at a position), move it within its zone, take it
 * out. Drag and drop and the keyboard/click path both call these, so the two
 * ways of building a pivot cannot disagree.
 *
 * Rules kept here: a field is in Rows or Columns, never both (putting it in
 * one takes it out of the other); a filter on a field keeps its values when
 * the field is also shown; and a measure the new layout cannot compute (a
 * change measure without a period column) falls back to Count, judged by the
 * engine's own validation so new measures bring their own rules (an
 * iQuanta layout falls back to the iQuanta count).
 */
import type { Dimension } from '../../../shared/pivot/dimensions';
import { type PivotFilter, type PivotSpec, validatePivotSpec } from '../../../shared/pivot/spec';

export const ZONES = ['rows', 'columns', 'filters'] as const;
export type Zone = (typeof ZONES)[number];

export const ZONE_LABELS: Readonly<Record<Zone, string>> = { rows: 'Rows', columns: 'Columns', filters: 'Filters' };

/** Why the engine would refuse a spec, or null when it would run it. */
export function specProblem(spec: PivotSpec): string | null {
  try {
    validatePivotSpec(spec);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The spec as given, or with Count as its measure when its measure cannot be computed on this layout. */
function withComputableMeasure(spec: PivotSpec): PivotSpec {
  if (specProblem(spec) === null) return spec;
  // Count for records; an iQuanta layout (areas, iQuanta measures) falls back to the iQuanta count.
  for (const measure of ['count', 'iq_value'] as const) {
    const fallback: PivotSpec = { ...spec, measure };
    if (measure !== spec.measure && specProblem(fallback) === null) return fallback;
  }
  return spec;
}

function insertAt<T>(list: readonly T[], item: T, index: number | undefined): T[] {
  const out = list.filter((x) => x !== item);
  const at = index === undefined ? out.length : Math.max(0, Math.min(index, out.length));
  out.splice(at, 0, item);
  return out;
}

/**
 * Puts a field in a zone at `index` (the end when undefined). In Rows or
 * Columns it leaves the other one; already in that zone, it moves. A filter
 * added here has no values yet: the caller keeps it as pending, since a
 * filter with no values would match nothing.
 */
export function addField(spec: PivotSpec, zone: Exclude<Zone, 'filters'>, dimension: Dimension, index?: number): PivotSpec {
  const other = zone === 'rows' ? 'columns' : 'rows';
  return withComputableMeasure({
    ...spec,
    [zone]: insertAt(spec[zone], dimension, index),
    [other]: spec[other].filter((d) => d !== dimension),
  });
}

export function removeField(spec: PivotSpec, zone: Zone, dimension: Dimension): PivotSpec {
  if (zone === 'filters') return { ...spec, filters: spec.filters.filter((f) => f.dimension !== dimension) };
  return withComputableMeasure({ ...spec, [zone]: spec[zone].filter((d) => d !== dimension) });
}

/** Moves a field one place (-1 earlier, +1 later) within Rows or Columns. */
export function moveField(spec: PivotSpec, zone: Exclude<Zone, 'filters'>, dimension: Dimension, by: -1 | 1): PivotSpec {
  const from = spec[zone].indexOf(dimension);
  if (from < 0) return spec;
  const to = from + by;
  if (to < 0 || to >= spec[zone].length) return spec;
  return withComputableMeasure({ ...spec, [zone]: insertAt(spec[zone], dimension, to) });
}

/** Sets a filter's values; no values removes the filter (it would match nothing). Order of filters is kept. */
export function setFilterValues(spec: PivotSpec, dimension: Dimension, values: readonly string[]): PivotSpec {
  const at = spec.filters.findIndex((f) => f.dimension === dimension);
  if (values.length === 0) return at < 0 ? spec : { ...spec, filters: spec.filters.filter((f) => f.dimension !== dimension) };
  const filter: PivotFilter = { dimension, values: [...values] };
  const filters = at < 0 ? [...spec.filters, filter] : spec.filters.map((f, i) => (i === at ? filter : f));
  return { ...spec, filters };
}

/** Which zone holds a field as a row or column (filters are separate: a field may be both shown and filtered). */
export function zoneOf(spec: PivotSpec, dimension: Dimension): 'rows' | 'columns' | null {
  if (spec.rows.includes(dimension)) return 'rows';
  if (spec.columns.includes(dimension)) return 'columns';
  return null;
}

/** Rows become columns and columns rows, each in its order (Excel's "switch row/column"). */
export function swapRowsAndColumns(spec: PivotSpec): PivotSpec {
  return withComputableMeasure({ ...spec, rows: spec.columns, columns: spec.rows });
}
