import type { ColDef, SortChangedEvent } from 'ag-grid-community';
import { useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { DRILL_FIELDS, DRILL_LABELS, type DrillSort, type DrillThroughRecord } from '../../../shared/pivot/drill-through';
import { cancelDrillExport, closeDrillThrough, exportDrillCsv, sortDrillThrough, turnDrillPage } from '../actions/drill-actions';
import { formatCount } from '../format';
import { DRILL_PAGE_SIZE, useDrillStore } from '../state/drill-store';
import { Modal } from './Modal';
import { gridTheme } from './PivotGrid';
import { labelGrid } from './grid-label';
import { gridScrollbarWidth } from './grid-scrollbars';

const WIDE_FIELDS: ReadonlySet<keyof DrillThroughRecord> = new Set(['location', 'outcome', 'crimeType', 'reference', 'ward']);
const NUMERIC_FIELDS: ReadonlySet<keyof DrillThroughRecord> = new Set(['id', 'easting', 'northing', 'latitude', 'longitude']);

/**
 * The grid's columns for the fields the records' sources have. A header click sorts all the records behind the
 * cell in the worker, not the page on show: the grid keeps the rows in the order they come (comparator 0).
 */
function columnDefs(fields: readonly (keyof DrillThroughRecord)[], sort: DrillSort | null): ColDef<DrillThroughRecord>[] {
  return fields.map((field) => ({
    field,
    headerName: DRILL_LABELS[field],
    sortable: true,
    comparator: () => 0,
    sort: sort?.field === field ? (sort.descending === true ? 'desc' : 'asc') : null,
    width: field === 'location' || field === 'outcome' ? 220 : WIDE_FIELDS.has(field) ? 170 : 110,
    ...(NUMERIC_FIELDS.has(field) ? { type: 'numericColumn' } : {}),
    // The reference stays in view while the other fields scroll past: it says which record a row is.
    ...(field === 'reference' ? { pinned: 'left' as const } : {}),
  }));
}

/** The records behind one pivot cell, 100 a page; the total is the cell's count. */
export function DrillThroughDialog() {
  const target = useDrillStore((s) => s.target);
  const page = useDrillStore((s) => s.page);
  const offset = useDrillStore((s) => s.offset);
  const isLoading = useDrillStore((s) => s.isLoading);
  // Measured once, when the dialog first renders.
  const [scrollbarWidth] = useState(gridScrollbarWidth);
  const error = useDrillStore((s) => s.error);
  const exporting = useDrillStore((s) => s.exporting);
  const gridHost = useRef<HTMLDivElement>(null);
  const sort = useDrillStore((s) => s.sort);
  const fieldList = (page?.fields ?? DRILL_FIELDS).join(',');
  const columns = useMemo(() => columnDefs(fieldList.split(',') as (keyof DrillThroughRecord)[], sort), [fieldList, sort]);
  if (target === null) return null;
  const total = page?.total ?? null;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + DRILL_PAGE_SIZE, total ?? 0);
  return (
    <Modal
      title={`Records behind ${target.label}`}
      onCancel={closeDrillThrough}
      testId="drill-dialog"
      wide
      actions={
        <>
          {exporting === null ? (
            <button type="button" data-testid="drill-export" disabled={total === null || total === 0} onClick={() => void exportDrillCsv()}>
              Export CSV
            </button>
          ) : (
            <>
              <span className="drill-export-progress" data-testid="drill-export-progress" role="status">
                Exporting records… {formatCount(exporting.done)} of {formatCount(exporting.total)}
              </span>
              <button type="button" data-testid="drill-export-cancel" onClick={cancelDrillExport}>
                Cancel export
              </button>
            </>
          )}
          <button type="button" className="primary" autoFocus onClick={closeDrillThrough}>
            Close
          </button>
        </>
      }
    >
      <p className="drill-summary">
        <strong data-testid="drill-total" data-count={total ?? ''}>
          {total === null ? '…' : formatCount(total)}
        </strong>{' '}
        records ({target.shown === '' ? 'the cell is blank' : `the cell shows ${target.shown ?? formatCount(target.count)}`}). Victims are not identified: no
        victim reference or pseudonym is shown or exported, and ages only as bands.
      </p>
      {error !== null && (
        <p className="grid-error" role="alert">
          {error}
        </p>
      )}
      <div className="drill-grid" ref={gridHost}>
        <AgGridReact<DrillThroughRecord>
          onGridReady={() => labelGrid(gridHost.current, `Records behind ${target.label}`)}
          theme={gridTheme}
          columnDefs={columns}
          rowData={page?.records ?? []}
          defaultColDef={{ resizable: true }}
          onSortChanged={(event: SortChangedEvent<DrillThroughRecord>) => {
            const sorted = event.api.getColumnState().find((column) => column.sort === 'asc' || column.sort === 'desc');
            void sortDrillThrough(sorted === undefined ? null : { field: sorted.colId as keyof DrillThroughRecord, descending: sorted.sort === 'desc' });
          }}
          loading={isLoading}
          animateRows={false}
          // A page is 100 records: every field stays in the page (for find-in-page and screen readers), not only those scrolled into view.
          suppressColumnVirtualisation
          {...(scrollbarWidth === undefined ? {} : { scrollbarWidth })}
        />
      </div>
      <div className="pager" role="group" aria-label="Pages">
        <button type="button" data-testid="drill-previous" disabled={isLoading || offset === 0} onClick={() => void turnDrillPage(-1)}>
          ‹ Previous
        </button>
        <span data-testid="drill-range" aria-live="polite">
          {total === null ? 'Loading…' : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`}
        </span>
        <button type="button" data-testid="drill-next" disabled={isLoading || total === null || last >= total} onClick={() => void turnDrillPage(1)}>
          Next ›
        </button>
      </div>
    </Modal>
  );
}
