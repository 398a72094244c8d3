/**
 * Views in one profile over the same records share figures: crime type by
 * district, crime type by month and district by crime type (the first laid
 * out the other way) all print each crime type's total, and the first and
 * third every cell. Protected one table at a time, each picks its own
 * partners, so one prints what another withholds. For random small extracts
 * the attacker here takes every figure the tables print, each the sum of the
 * records it covers by crime type, district and month, and counts the
 * withheld figures the printed ones pin down (exact rank test, modulo a
 * prime): some extracts give a count away one table at a time, none when
 * the profile protects the views together.
 */
import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../electron/cli/load-sqljs';
import { recoverableFigures } from '../../tests/helpers/disclosure-check';
import { mulberry32 } from '../analytics/series/random';
import { importFiles } from '../import/import-files';
import { saveView } from '../views';
import { createWorkbench } from '../workbench';
import { type RenderedItem, documentTable } from './docx';
import { type PlannedItem, planProfile } from './plan';
import { addProfileItem, getProfile } from './store';

const SQL = await loadSqlJs();
const TYPES = ['Burglary', 'Robbery', 'Vehicle crime', 'Shoplifting'];
const DISTRICTS = ['Mansfield', 'Ashfield', 'Bassetlaw'];
const MONTHS = ['2024-10', '2024-11', '2024-12'];

interface Figure {
  /** Labels the figure's records have: crime type, and district or month ('' for a total over them). */
  type: string;
  other: string;
  hidden: boolean;
}

/** The figures of a table whose rows are crime types and columns `others` (then Total), with a Total row. */
function figuresOf(table: { columns: string[]; rows: (string | number | null)[][] }): Figure[] {
  return table.rows.flatMap((cells) =>
    table.columns.slice(1).map((column, j) => ({
      type: cells[0] === 'Total' ? '' : String(cells[0]),
      other: column === 'Total' ? '' : column,
      hidden: cells[j + 1] === '<5' || cells[j + 1] === '[c]',
    })),
  );
}

/** Each figure as the set of finest cells (type x district x month) it sums, as a 0/1 vector. */
function vectorOf(figure: Figure, overDistricts: boolean): number[] {
  return TYPES.flatMap((t) =>
    DISTRICTS.flatMap((d) =>
      MONTHS.map((m) => Number((figure.type === '' || figure.type === t) && (figure.other === '' || figure.other === (overDistricts ? d : m)))),
    ),
  );
}

/** Hidden figures the printed ones pin down: a hidden vector in the span of the printed ones. */
const recoverable = (figures: { vector: number[]; hidden: boolean }[]): number => recoverableFigures(figures).length;

const tableOf = (item: PlannedItem | undefined) => {
  if (item?.kind !== 'table') throw new Error('expected a table');
  return documentTable(item satisfies RenderedItem, { suppression: true, threshold: 5, info: null });
};

/** The view's table protected on its own, as before views over the same records were taken together. */
function alone(item: PlannedItem | undefined): PlannedItem {
  if (item?.kind !== 'table' || item.view === undefined) throw new Error('expected a view table');
  const { pivots, sort } = item.view;
  return { ...item, view: { pivots, sort } };
}

describe('views over the same records in one profile', () => {
  it('random small extracts: protected together, no withheld figure can be worked out from both tables', async () => {
    const next = mulberry32(2026);
    let leaksAlone = 0;
    let withheld = 0;
    for (let t = 0; t < 40; t += 1) {
      const db = createWorkbench(SQL, new Date('2025-01-01T00:00:00Z'));
      const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'];
      for (const type of TYPES) {
        for (const district of DISTRICTS) {
          for (const month of MONTHS) {
            // Robbery is rare (its total often small), so the tables' totals need partners.
            const n = type === 'Robbery' ? Math.floor(next() * 2) : next() < 0.45 ? Math.floor(next() * 4) : 3 + Math.floor(next() * 6);
            for (let k = 0; k < n; k += 1) lines.push(`x${lines.length},${month},N,N,-1.19,53.14,X,E01028000,${district} 001A,${type},,`);
          }
        }
      }
      await importFiles(db, [{ name: 'street.csv', bytes: new TextEncoder().encode(lines.join('\n')) }], { now: new Date('2025-01-02T00:00:00Z') });
      const scope = { measure: 'count', filters: [], from: MONTHS[0], to: MONTHS[2] } as const;
      saveView(db, 'By district', { ...scope, filters: [], rows: ['crime_type'], columns: ['district'] }, 'table');
      saveView(db, 'By month', { ...scope, filters: [], rows: ['crime_type'], columns: ['month'] }, 'table');
      saveView(db, 'Districts', { ...scope, filters: [], rows: ['district'], columns: ['crime_type'] }, 'table');
      addProfileItem(db, 'Views', { kind: 'pivot', viewName: 'By district' });
      addProfileItem(db, 'Views', { kind: 'pivot', viewName: 'By month' });
      addProfileItem(db, 'Views', { kind: 'pivot', viewName: 'Districts' });
      const [byDistrict, byMonth, districts] = planProfile(db, getProfile(db, 'Views'));
      const figures = (a: PlannedItem | undefined, b: PlannedItem | undefined, c: PlannedItem | undefined) => [
        ...figuresOf(tableOf(a)).map((f) => ({ vector: vectorOf(f, true), hidden: f.hidden })),
        ...figuresOf(tableOf(b)).map((f) => ({ vector: vectorOf(f, false), hidden: f.hidden })),
        // Districts down the rows, crime types across: the same figures as the first table, laid out the other way.
        ...figuresOf(tableOf(c)).map((f) => ({ vector: vectorOf({ type: f.other, other: f.type, hidden: f.hidden }, true), hidden: f.hidden })),
      ];
      const together = figures(byDistrict, byMonth, districts);
      expect(recoverable(together), `extract ${t}`).toBe(0);
      withheld += together.filter((f) => f.hidden).length;
      if (recoverable(figures(alone(byDistrict), alone(byMonth), alone(districts))) > 0) leaksAlone += 1;
      db.close();
    }
    expect(withheld).toBeGreaterThan(100);
    // One table at a time is not enough: some extracts give a count away.
    expect(leaksAlone).toBeGreaterThan(0);
  }, 120_000);
});
