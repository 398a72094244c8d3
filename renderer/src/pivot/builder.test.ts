import { describe, expect, it } from 'vitest';
import type { PivotSpec } from '../../../shared/pivot/spec';
import { addField, moveField, removeField, setFilterValues, specProblem, swapRowsAndColumns } from './builder';

const base: PivotSpec = { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] };

describe('pivot builder edits', () => {
  it('adds a field at the end or at a position, and moving it within a zone reorders', () => {
    const spec = addField(base, 'rows', 'age_band');
    expect(spec.rows).toEqual(['crime_type', 'age_band']);
    expect(addField(spec, 'rows', 'sex', 0).rows).toEqual(['sex', 'crime_type', 'age_band']);
    expect(moveField(spec, 'rows', 'age_band', -1).rows).toEqual(['age_band', 'crime_type']);
    // At the edge a move does nothing rather than wrap.
    expect(moveField(spec, 'rows', 'crime_type', -1)).toBe(spec);
    // Adding a field already in the zone moves it there.
    expect(addField(spec, 'rows', 'crime_type').rows).toEqual(['age_band', 'crime_type']);
  });

  it('keeps a field out of rows and columns at once', () => {
    const spec = addField(base, 'columns', 'crime_type');
    expect(spec.rows).toEqual([]);
    expect(spec.columns).toEqual(['district', 'crime_type']);
    expect(specProblem(spec)).toBeNull();
  });

  it('falls back to Count when the layout can no longer compute the measure', () => {
    const change: PivotSpec = { ...base, columns: ['district', 'month'], measure: 'change_prev' };
    expect(specProblem(change)).toBeNull();
    // The last column is no longer a period: a change cannot be computed.
    expect(addField(change, 'columns', 'crime_type').measure).toBe('count');
    // Months under financial years would cut the comparison short (the engine refuses it).
    expect(addField(change, 'columns', 'fin_year', 0).measure).toBe('count');
    expect(removeField(change, 'columns', 'district').measure).toBe('change_prev');
    expect(removeField(change, 'columns', 'month').measure).toBe('count');
  });

  it('an iQuanta layout falls back to the iQuanta count, and back to Count when the records return', () => {
    const areas = addField({ ...base, rows: [], columns: ['month'] }, 'rows', 'iq_area');
    expect(areas.measure).toBe('iq_value');
    expect(specProblem(areas)).toBeNull();
    const records = addField(removeField(areas, 'rows', 'iq_area'), 'rows', 'district');
    expect(records.measure).toBe('count');
    expect(specProblem(records)).toBeNull();
  });

  it('sets, replaces and clears filter values in place', () => {
    const one = setFilterValues(base, 'district', ['Mansfield']);
    const two = setFilterValues(one, 'domestic', ['Yes']);
    expect(two.filters).toEqual([
      { dimension: 'district', values: ['Mansfield'] },
      { dimension: 'domestic', values: ['Yes'] },
    ]);
    expect(setFilterValues(two, 'district', ['Ashfield', 'Mansfield']).filters[0]).toEqual({ dimension: 'district', values: ['Ashfield', 'Mansfield'] });
    // No values is no filter (a filter with none would match nothing).
    expect(setFilterValues(two, 'district', []).filters).toEqual([{ dimension: 'domestic', values: ['Yes'] }]);
    expect(removeField(two, 'filters', 'domestic').filters).toEqual([{ dimension: 'district', values: ['Mansfield'] }]);
  });

  it('swaps rows and columns, keeping each order, and drops a change measure that no longer has a period column', () => {
    const spec: PivotSpec = { ...base, rows: ['district', 'crime_type'], columns: ['fin_year', 'month'], measure: 'change_year' };
    const swapped = swapRowsAndColumns(spec);
    expect([swapped.rows, swapped.columns, swapped.measure]).toEqual([['fin_year', 'month'], ['district', 'crime_type'], 'count']);
    expect(swapRowsAndColumns(swapRowsAndColumns({ ...spec, measure: 'share_row' }))).toEqual({ ...spec, measure: 'share_row' });
  });
});
