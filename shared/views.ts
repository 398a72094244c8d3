/** Saved views: named pivot specs kept in the workbench. */
import type { Database } from 'sql.js';
import { WorkbenchError } from './errors';
import { type PivotSpec, validatePivotSpec } from './pivot/spec';

export const CHART_KINDS = ['line', 'bar', 'heatmap', 'table'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/**
 * The table's sort: a column of the grid (the row labels, a column's labels
 * joined with " / ", or the Total column) and its direction. Optional, so
 * views saved before sorting was kept still open unsorted.
 */
export interface ViewSort {
  column: string;
  direction: 'asc' | 'desc';
}

export interface SavedView {
  name: string;
  spec: PivotSpec;
  chart: ChartKind;
  sort?: ViewSort;
  createdAt: string;
  modifiedAt: string;
}

interface StoredView {
  spec: PivotSpec;
  chart: ChartKind;
  sort?: ViewSort;
}

export function listViews(db: Database): SavedView[] {
  const rows = db.exec('SELECT name, spec, created_at, modified_at FROM saved_view ORDER BY name COLLATE NOCASE')[0];
  return (rows?.values ?? []).map(([name, stored, createdAt, modifiedAt]) => {
    const parsed = JSON.parse(String(stored)) as StoredView;
    return {
      name: String(name),
      spec: parsed.spec,
      chart: parsed.chart,
      ...(parsed.sort === undefined ? {} : { sort: parsed.sort }),
      createdAt: String(createdAt),
      modifiedAt: String(modifiedAt),
    };
  });
}

export function getView(db: Database, name: string): SavedView {
  const view = listViews(db).find((v) => v.name === name);
  if (!view) throw new WorkbenchError({ code: 'not-found', message: `No saved view named "${name}".` });
  return view;
}

/** Saves (or replaces) a named view. */
export function saveView(db: Database, name: string, spec: PivotSpec, chart: ChartKind, now = new Date(), sort?: ViewSort): void {
  const trimmed = name.trim();
  if (trimmed === '') throw new WorkbenchError({ code: 'usage', message: 'A saved view needs a name.' });
  validatePivotSpec(spec);
  if (sort !== undefined && (typeof sort.column !== 'string' || (sort.direction !== 'asc' && sort.direction !== 'desc'))) {
    throw new WorkbenchError({ code: 'usage', message: `A view's sort needs a column and a direction (asc or desc).` });
  }
  const stamp = now.toISOString();
  db.run(
    `INSERT INTO saved_view (name, spec, created_at, modified_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, modified_at = excluded.modified_at`,
    [trimmed, JSON.stringify({ spec, chart, ...(sort === undefined ? {} : { sort }) } satisfies StoredView), stamp, stamp],
  );
}

export function deleteView(db: Database, name: string): void {
  db.run('DELETE FROM saved_view WHERE name = ?', [name]);
}
