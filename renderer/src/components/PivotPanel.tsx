import { type DragEvent, type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { DIMENSIONS, DIMENSION_LABELS, type Dimension, isDimension, isIquantaDimension } from '../../../shared/pivot/dimensions';
import { MEASURES, MEASURE_LABELS, type PivotSpec, isMeasure } from '../../../shared/pivot/spec';
import { CHART_KINDS, type ChartKind } from '../../../shared/views';
import { command } from '../actions/command';
import { formatMonthLabel } from '../format';
import {
  ZONES,
  ZONE_LABELS,
  type Zone,
  addField,
  moveField,
  removeField,
  setFilterValues,
  specProblem,
  swapRowsAndColumns,
  zoneOf,
} from '../pivot/builder';
import { usePivotStore } from '../state/pivot-store';
import { useWorkbenchStore } from '../state/workbench-store';
import { rovingTarget } from './roving';

const CHART_LABELS: Readonly<Record<ChartKind, string>> = {
  line: 'Line: trend of the selected row',
  bar: 'Bar: trend of the selected row',
  heatmap: 'Heatmap: colour the table',
  table: 'Table only',
};

function isChartKind(value: string): value is ChartKind {
  return (CHART_KINDS as readonly string[]).includes(value);
}
const NO_VALUES: string[] = [];

/** The field list's button for a dimension, where focus returns after it is added. */
const fieldButtonId = (dimension: Dimension): string => `pivot-field-${dimension}`;

/** The yes/no flags the Flags filter offers, those of them the engine knows. */
const FLAG_DIMENSIONS = (['domestic', 'hate', 'alcohol'] as const).filter((d): d is Extract<Dimension, 'domestic' | 'hate' | 'alcohol'> => isDimension(d));

interface FieldProps {
  label: string;
  children: (id: string) => ReactNode;
}

function Field({ label, children }: FieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** The labels a dimension takes in the workbench, for a filter's checklist. */
function useDimensionValues(dimension: Dimension | null): string[] {
  const dataVersion = useWorkbenchStore((s) => s.dataVersion);
  // Tagged with what they were loaded for, so a stale list is never shown for another dimension.
  const [loaded, setLoaded] = useState<{ dimension: Dimension; dataVersion: number; values: string[] } | null>(null);
  useEffect(() => {
    if (dimension === null) return;
    let isCurrent = true;
    const done = (values: string[]): void => {
      if (isCurrent) setLoaded({ dimension, dataVersion, values });
    };
    // iQuanta's areas and measures are read from its figures (a record count cannot group by them).
    command('pivot/run', { spec: { rows: [dimension], columns: [], measure: isIquantaDimension(dimension) ? 'iq_value' : 'count', filters: [] } })
      .then((result) => done(result.rows.map((row) => row.key[0] ?? '')))
      .catch(() => done([]));
    return () => {
      isCurrent = false;
    };
  }, [dimension, dataVersion]);
  return loaded !== null && loaded.dimension === dimension && loaded.dataVersion === dataVersion ? loaded.values : NO_VALUES;
}

/** What is being dragged: a field from the list, or a chip from a zone. */
interface DragPayload {
  dimension: Dimension;
  from: Zone | 'fields';
}
const DRAG_TYPE = 'application/x-caw-pivot-field';
// dataTransfer cannot be read during dragover, so the payload is kept here for the drag's life.
let dragged: DragPayload | null = null;

function startDrag(event: DragEvent, payload: DragPayload): void {
  dragged = payload;
  event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(payload));
  event.dataTransfer.setData('text/plain', DIMENSION_LABELS[payload.dimension]);
  event.dataTransfer.effectAllowed = 'move';
}

function isFieldDrag(event: DragEvent): boolean {
  return dragged !== null && event.dataTransfer.types.includes(DRAG_TYPE);
}

/** The fields in the Filters zone: those filtered, then those waiting for values. */
function filterFields(spec: PivotSpec, pending: readonly Dimension[]): Dimension[] {
  const filtered = spec.filters.map((f) => f.dimension);
  return [...filtered, ...pending.filter((d) => !filtered.includes(d))];
}

function fieldsOf(spec: PivotSpec, pending: readonly Dimension[], zone: Zone): Dimension[] {
  return zone === 'filters' ? filterFields(spec, pending) : spec[zone];
}

/**
 * Every layout change goes through here: the field leaves where it was
 * (unless it is only being filtered) and lands in the zone at `index`.
 */
function placeField(payload: DragPayload, zone: Zone, index?: number): void {
  const { spec, pendingFilters, setSpec, setPendingFilters } = usePivotStore.getState();
  const { dimension, from } = payload;
  let next = spec;
  let pending = pendingFilters;
  if (from === 'filters' && zone !== 'filters') {
    next = removeField(next, 'filters', dimension);
    pending = pending.filter((d) => d !== dimension);
  }
  if (zone === 'filters') {
    // Moved from Rows or Columns into Filters: it stops being shown. From the list, it is only filtered.
    if (from === 'rows' || from === 'columns') next = removeField(next, from, dimension);
    if (!next.filters.some((f) => f.dimension === dimension) && !pending.includes(dimension)) pending = [...pending, dimension];
  } else {
    // Within one zone a later drop point counts the field's own place, which it leaves first.
    const current = next[zone].indexOf(dimension);
    const at = index !== undefined && current >= 0 && current < index ? index - 1 : index;
    next = addField(next, zone, dimension, at);
  }
  setPendingFilters(pending);
  if (next !== spec) setSpec(next);
}

function removeFromZone(zone: Zone, dimension: Dimension): void {
  const { spec, pendingFilters, setSpec, setPendingFilters } = usePivotStore.getState();
  if (zone === 'filters') setPendingFilters(pendingFilters.filter((d) => d !== dimension));
  setSpec(removeField(spec, zone, dimension));
}

/** The field list: drag a field into a zone, or pick it and use the Add buttons. Dropping a chip here takes it out. */
function FieldList({ picked, onPick }: { picked: Dimension | null; onPick: (d: Dimension | null) => void }) {
  const spec = usePivotStore((s) => s.spec);
  const [isOver, setOver] = useState(false);
  // One Tab stop for the whole list (arrow keys move along it), so Tab goes on to the Add buttons.
  const [current, setCurrent] = useState<Dimension>(DIMENSIONS[0] ?? 'crime_type');
  const tabStop = current;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const to = rovingTarget(event.key, DIMENSIONS.indexOf(tabStop), DIMENSIONS.length, { vertical: true });
    const next = to === null ? undefined : DIMENSIONS[to];
    if (next === undefined) return;
    event.preventDefault();
    setCurrent(next);
    document.getElementById(fieldButtonId(next))?.focus();
  };
  return (
    <div
      className={isOver ? 'field-list drop-over' : 'field-list'}
      role="toolbar"
      aria-label="Fields"
      data-testid="pivot-fields"
      onKeyDown={onKeyDown}
      onDragOver={(event) => {
        if (!isFieldDrag(event) || dragged?.from === 'fields') return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false);
        if (!isFieldDrag(event) || dragged === null || dragged.from === 'fields') return;
        event.preventDefault();
        removeFromZone(dragged.from, dragged.dimension);
        dragged = null;
      }}
    >
      {DIMENSIONS.map((dimension) => {
        const zone = zoneOf(spec, dimension);
        return (
          <button
            key={dimension}
            type="button"
            draggable
            id={fieldButtonId(dimension)}
            className={`field-chip${picked === dimension ? ' picked' : ''}${zone === null ? '' : ' in-use'}`}
            data-testid={`pivot-field-${dimension}`}
            aria-pressed={picked === dimension}
            tabIndex={dimension === tabStop ? 0 : -1}
            onFocus={() => setCurrent(dimension)}
            title={zone === null ? 'Drag into Rows, Columns or Filters, or pick and use Add' : `In ${ZONE_LABELS[zone]}`}
            onClick={() => onPick(picked === dimension ? null : dimension)}
            onDragStart={(event) => startDrag(event, { dimension, from: 'fields' })}
            onDragEnd={() => {
              dragged = null;
            }}
          >
            {DIMENSION_LABELS[dimension]}
          </button>
        );
      })}
    </div>
  );
}

/** LSOAs run to thousands: the checklist lists this many and the search box finds the rest. */
const MAX_LISTED = 300;

/** The filter's checklist: the values present in the workbench, with a search box. */
function FilterValues({ dimension }: { dimension: Dimension }) {
  const values = useDimensionValues(dimension);
  const selected = usePivotStore((s) => s.spec.filters.find((f) => f.dimension === dimension)?.values ?? NO_VALUES);
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const term = search.trim().toLowerCase();
    return term === '' ? values : values.filter((v) => v.toLowerCase().includes(term));
  }, [values, search]);
  const label = DIMENSION_LABELS[dimension];
  const apply = (next: readonly string[]): void => {
    const { spec, pendingFilters, setSpec, setPendingFilters } = usePivotStore.getState();
    // With no values left the filter leaves the spec, but its chip stays until removed.
    if (next.length === 0 && !pendingFilters.includes(dimension)) setPendingFilters([...pendingFilters, dimension]);
    setSpec(setFilterValues(spec, dimension, next));
  };
  return (
    <div className="filter-values" data-testid={`filter-values-${dimension}`}>
      <input
        type="search"
        aria-label={`Search ${label} values`}
        placeholder={`Search ${values.length.toLocaleString('en-GB')} values…`}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="filter-value-actions">
        <button type="button" className="link" onClick={() => apply([...new Set([...selected, ...shown])])}>
          Tick {search.trim() === '' ? 'all' : 'shown'}
        </button>
        <button type="button" className="link" onClick={() => apply(selected.filter((v) => !shown.includes(v)))}>
          Clear {search.trim() === '' ? 'all' : 'shown'}
        </button>
      </div>
      <ul className="checklist" aria-label={`${label} values`}>
        {shown.slice(0, MAX_LISTED).map((value) => (
          <li key={value}>
            <label className="check">
              <input
                type="checkbox"
                checked={selected.includes(value)}
                onChange={(e) => apply(e.target.checked ? [...selected, value] : selected.filter((v) => v !== value))}
              />
              {value}
            </label>
          </li>
        ))}
        {shown.length > MAX_LISTED && (
          <li className="muted">{(shown.length - MAX_LISTED).toLocaleString('en-GB')} more: search to narrow the list</li>
        )}
        {shown.length === 0 && <li className="muted">{values.length === 0 ? 'No values' : 'No match'}</li>}
      </ul>
    </div>
  );
}

function ZoneChip({ zone, dimension, index, count }: { zone: Zone; dimension: Dimension; index: number; count: number }) {
  const [isOver, setOver] = useState(false);
  const label = DIMENSION_LABELS[dimension];
  const zoneLabel = ZONE_LABELS[zone];
  const values = usePivotStore((s) => (zone === 'filters' ? s.spec.filters.find((f) => f.dimension === dimension)?.values : undefined));
  // A filter just added opens its checklist; one restored from a view starts closed.
  const [isOpen, setOpen] = useState(zone === 'filters' && values === undefined);
  return (
    <li
      className={`zone-chip${isOver ? ' drop-before' : ''}`}
      data-testid="zone-chip"
      data-dimension={dimension}
      onDragOver={(event) => {
        if (!isFieldDrag(event) || zone === 'filters') return;
        event.preventDefault();
        event.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false);
        if (!isFieldDrag(event) || dragged === null || zone === 'filters') return;
        event.preventDefault();
        event.stopPropagation();
        placeField(dragged, zone, index);
        dragged = null;
      }}
    >
      {/* Only the chip's line drags, so text in its checklist's search box can still be selected. */}
      <div
        className="chip-line"
        draggable
        onDragStart={(event) => {
          event.stopPropagation();
          startDrag(event, { dimension, from: zone });
        }}
        onDragEnd={() => {
          dragged = null;
        }}
      >
        <span className="chip-label">
          {label}
          {zone === 'filters' && <span className="chip-count">{values === undefined ? ' (pick values)' : ` (${values.length.toLocaleString('en-GB')})`}</span>}
        </span>
        {zone === 'filters' ? (
          <button type="button" className="chip-button" aria-expanded={isOpen} aria-label={`Choose ${label} values`} onClick={() => setOpen(!isOpen)}>
            {isOpen ? '▴' : '▾'}
          </button>
        ) : (
          <>
            <button
              type="button"
              className="chip-button"
              aria-label={`Move ${label} earlier in ${zoneLabel}`}
              disabled={index === 0}
              onClick={() => usePivotStore.getState().setSpec(moveField(usePivotStore.getState().spec, zone, dimension, -1))}
            >
              ◂
            </button>
            <button
              type="button"
              className="chip-button"
              aria-label={`Move ${label} later in ${zoneLabel}`}
              disabled={index === count - 1}
              onClick={() => usePivotStore.getState().setSpec(moveField(usePivotStore.getState().spec, zone, dimension, 1))}
            >
              ▸
            </button>
          </>
        )}
        <button type="button" className="chip-button" aria-label={`Remove ${label} from ${zoneLabel}`} onClick={() => removeFromZone(zone, dimension)}>
          ×
        </button>
      </div>
      {zone === 'filters' && isOpen && <FilterValues dimension={dimension} />}
    </li>
  );
}

function DropZone({ zone }: { zone: Zone }) {
  const spec = usePivotStore((s) => s.spec);
  const pending = usePivotStore((s) => s.pendingFilters);
  const [isOver, setOver] = useState(false);
  const fields = fieldsOf(spec, pending, zone);
  const hint = zone === 'filters' ? 'Drop a field here to filter by its values' : `Drop fields here; the first is the outer ${zone === 'rows' ? 'row' : 'column'}`;
  return (
    <div
      className={isOver ? 'drop-zone drop-over' : 'drop-zone'}
      role="group"
      aria-label={ZONE_LABELS[zone]}
      data-testid={`pivot-zone-${zone}`}
      data-fields={fields.join(',')}
      onDragOver={(event) => {
        if (!isFieldDrag(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false);
        if (!isFieldDrag(event) || dragged === null) return;
        event.preventDefault();
        placeField(dragged, zone);
        dragged = null;
      }}
    >
      <div className="zone-title">{ZONE_LABELS[zone]}</div>
      {fields.length === 0 ? (
        <p className="zone-hint">{hint}</p>
      ) : (
        <ol className="zone-chips">
          {fields.map((dimension, i) => (
            <ZoneChip key={dimension} zone={zone} dimension={dimension} index={i} count={fields.length} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** The keyboard and click way to build: pick a field in the list, then add it to a zone. */
function PickActions({ picked, onDone }: { picked: Dimension | null; onDone: () => void }) {
  const spec = usePivotStore((s) => s.spec);
  const pending = usePivotStore((s) => s.pendingFilters);
  const label = picked === null ? null : DIMENSION_LABELS[picked];
  return (
    <div className="pick-actions" role="group" aria-label="Add the picked field">
      {ZONES.map((zone) => {
        const isThere = picked !== null && fieldsOf(spec, pending, zone).includes(picked);
        return (
          <button
            key={zone}
            type="button"
            className="small"
            data-testid={`pivot-add-${zone}`}
            disabled={picked === null || isThere}
            title={label === null ? 'Pick a field first' : isThere ? `${label} is already in ${ZONE_LABELS[zone]}` : `Add ${label} to ${ZONE_LABELS[zone]}`}
            onClick={() => {
              if (picked === null) return;
              const from = zoneOf(spec, picked);
              // From the list, a field already shown is moved (rows and columns are exclusive); filtering does not move it.
              placeField({ dimension: picked, from: zone === 'filters' ? 'fields' : (from ?? 'fields') }, zone);
              onDone();
              // The Add buttons disable once nothing is picked: focus goes back to the field, ready to pick the next.
              document.getElementById(fieldButtonId(picked))?.focus();
            }}
          >
            Add to {ZONE_LABELS[zone].toLowerCase()}
          </button>
        );
      })}
    </div>
  );
}

function FlagFilters() {
  const filters = usePivotStore((s) => s.spec.filters);
  return (
    <fieldset className="flag-filters">
      <legend>Flags</legend>
      {FLAG_DIMENSIONS.map((dimension) => {
        const values = filters.find((f) => f.dimension === dimension)?.values;
        const value = values === undefined ? 'any' : values.length === 1 && (values[0] === 'Yes' || values[0] === 'No') ? values[0] : 'custom';
        return (
          <Field key={dimension} label={DIMENSION_LABELS[dimension]}>
            {(id) => (
              <select
                id={id}
                data-testid={`flag-${dimension}`}
                value={value}
                onChange={(e) => {
                  const next = e.target.value;
                  const { spec, setSpec } = usePivotStore.getState();
                  if (next === 'Yes' || next === 'No') setSpec(setFilterValues(spec, dimension, [next]));
                  else if (next === 'any') setSpec(setFilterValues(spec, dimension, []));
                }}
              >
                <option value="any">Any</option>
                <option value="Yes">Yes</option>
                <option value="No">No</option>
                {value === 'custom' && <option value="custom">Values picked in Filters</option>}
              </select>
            )}
          </Field>
        );
      })}
    </fieldset>
  );
}

function DateRangeFields() {
  const from = usePivotStore((s) => s.spec.from);
  const to = usePivotStore((s) => s.spec.to);
  const updateSpec = usePivotStore((s) => s.updateSpec);
  const range = useWorkbenchStore((s) => s.info?.dateRange ?? null);
  return (
    <fieldset className="date-range">
      <legend>Months</legend>
      <div className="field-row">
        <Field label="From">
          {(id) => (
            <input
              id={id}
              type="month"
              data-testid="range-from"
              value={from ?? ''}
              min={range?.from}
              max={to ?? range?.to}
              onChange={(e) => updateSpec({ from: e.target.value === '' ? undefined : e.target.value })}
            />
          )}
        </Field>
        <Field label="To">
          {(id) => (
            <input
              id={id}
              type="month"
              data-testid="range-to"
              value={to ?? ''}
              min={from ?? range?.from}
              max={range?.to}
              onChange={(e) => updateSpec({ to: e.target.value === '' ? undefined : e.target.value })}
            />
          )}
        </Field>
      </div>
      {from !== undefined && to !== undefined && from > to && (
        // Typed months are not held to the fields' min and max: say why the pivot went blank.
        <p className="grid-error" role="alert" data-testid="range-problem">
          From ({formatMonthLabel(from)}) is after To ({formatMonthLabel(to)}): no months are shown. Give the earlier month first.
        </p>
      )}
      {(from !== undefined || to !== undefined) && (
        <button type="button" className="link" onClick={() => updateSpec({ from: undefined, to: undefined })}>
          All months
        </button>
      )}
    </fieldset>
  );
}

/**
 * The pivot builder: drag fields into Rows, Columns and Filters (or pick a
 * field and add it), order them, and choose what each cell shows.
 */
export function PivotPanel() {
  const spec = usePivotStore((s) => s.spec);
  const updateSpec = usePivotStore((s) => s.updateSpec);
  const chart = usePivotStore((s) => s.chart);
  const setChart = usePivotStore((s) => s.setChart);
  const [picked, setPicked] = useState<Dimension | null>(null);

  return (
    <section className="panel pivot-panel" aria-labelledby="pivot-heading">
      <h2 id="pivot-heading">Pivot</h2>
      <FieldList picked={picked} onPick={setPicked} />
      <PickActions picked={picked} onDone={() => setPicked(null)} />
      {ZONES.map((zone) => (
        <DropZone key={zone} zone={zone} />
      ))}
      <button
        type="button"
        className="link swap-button"
        data-testid="pivot-swap"
        disabled={spec.rows.length === 0 && spec.columns.length === 0}
        onClick={() => usePivotStore.getState().setSpec(swapRowsAndColumns(usePivotStore.getState().spec))}
      >
        Swap rows and columns
      </button>
      <Field label="Measure">
        {(id) => (
          <select
            id={id}
            data-testid="pivot-measure"
            value={spec.measure}
            onChange={(e) => {
              if (isMeasure(e.target.value)) updateSpec({ measure: e.target.value });
            }}
          >
            {MEASURES.map((m) => {
              // The engine's own check says which measures this layout can compute.
              const problem = m === spec.measure ? null : specProblem({ ...spec, measure: m });
              return (
                <option key={m} value={m} disabled={problem !== null} title={problem ?? undefined}>
                  {MEASURE_LABELS[m]}
                  {problem !== null ? ' (not for this layout)' : ''}
                </option>
              );
            })}
          </select>
        )}
      </Field>
      <Field label="Chart">
        {(id) => (
          <select
            id={id}
            data-testid="pivot-chart"
            value={chart}
            onChange={(e) => {
              const next = e.target.value;
              if (isChartKind(next)) setChart(next);
            }}
          >
            {CHART_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {CHART_LABELS[kind]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <DateRangeFields />
      <FlagFilters />
    </section>
  );
}
