/**
 * Period wording in captions and notes: one month is written once
 * ("Apr 2014"), a span as "from to to".
 */
import type { SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { workbenchOf } from '../../tests/helpers/import-tests';
import { planProfile } from '../profile/plan';
import { addProfileItem, getProfile } from '../profile/store';
import { saveView } from '../views';
import { monthSpan, periodText } from './text';

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await loadSqlJs();
});

describe('period wording', () => {
  it('one month reads "Apr 2014", a span "Apr 2014 to Mar 2015"', () => {
    expect(monthSpan('2014-04', '2014-04')).toBe('Apr 2014');
    expect(monthSpan('2014-04', '2015-03')).toBe('Apr 2014 to Mar 2015');
    expect(periodText({ from: '2014-04', to: '2014-04' }, null)).toBe('Apr 2014');
    // The data's range fills in a missing end: a one-month data range is one month too.
    expect(periodText({}, { from: '2014-04', to: '2014-04' })).toBe('Apr 2014');
    expect(periodText({ from: '2014-04' }, null)).toBe('Apr 2014 to end of data');
    expect(periodText({}, null)).toBe('all dates');
  });

  it("a profile item over one month says the month once in its caption and note", async () => {
    const records = [
      'record_ref,record_type,committed_date,crime_type,district',
      ...Array.from({ length: 8 }, (_, i) => `R${i},crime,${String(1 + i).padStart(2, '0')}/04/2014,Burglary Dwelling,Mansfield`),
      ...Array.from({ length: 8 }, (_, i) => `S${i},crime,${String(1 + i).padStart(2, '0')}/05/2014,Burglary Dwelling,Mansfield`),
    ].join('\n');
    const db = await workbenchOf(SQL, [{ name: 'district.csv', text: records }]);
    saveView(db, 'April', { rows: ['district'], columns: [], measure: 'count', filters: [], from: '2014-04', to: '2014-04' }, 'table');
    addProfileItem(db, 'Profile', { kind: 'pivot', viewName: 'April' });
    addProfileItem(db, 'Profile', { kind: 'flags', settings: { by: ['crime_type'], filters: [], from: '2014-04', to: '2014-04' } });
    const [view, flags] = planProfile(db, getProfile(db, 'Profile'));
    expect(view?.kind === 'table' && view.sourceNote).toContain('Period Apr 2014');
    expect(flags?.kind === 'table' && flags.caption).toBe('Flags by crime type, Apr 2014');
    for (const item of [view, flags]) expect(item?.kind === 'table' && `${item.caption} ${item.sourceNote}`).not.toContain('Apr 2014 to Apr 2014');
  });
});
