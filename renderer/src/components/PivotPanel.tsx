import { type ReactNode, useEffect, useId, useState } from 'react';
import { DIMENSIONS, DIMENSION_LABELS, type Dimension, isDimension, isPeriodDimension } from '../../../shared/pivot/dimensions';
import { MEASURES, MEASURE_LABELS, type Measure, isMeasure } from '../../../shared/pivot/spec';
import { CHART_KINDS, type ChartKind } from '../../../shared/views';
import { command } from '../actions/command';
import { usePivotStore } from '../state/pivot-store';
import { useWorkbenchStore } from '../state/workbench-store';

/** Rates need population estimates, which this version cannot import yet. */
const OFFERED_MEASURES = MEASURES.filter((m): m is Exclude<Measure, 'rate'> => m !== 'rate');
const NONE = '';

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

function isChangeMeasure(measure: Measure): boolean {
  return measure === 'change_prev' || measure === 'change_year';
}

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

function DimensionOptions({ exclude = [] }: { exclude?: readonly (Dimension | undefined)[] }) {
  return DIMENSIONS.map((d) => (
    <option key={d} value={d} disabled={exclude.includes(d)}>
      {DIMENSION_LABELS[d]}
    </option>
  ));
}

/** The labels a dimension takes in the workbench, for the filter's value list. */
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
    command('pivot/run', { spec: { rows: [dimension], columns: [], measure: 'count', filters: [] } })
      .then((result) => done(result.rows.map((row) => row.key[0] ?? '')))
      .catch(() => done([]));
    return () => {
      isCurrent = false;
    };
  }, [dimension, dataVersion]);
  return loaded !== null && loaded.dimension === dimension && loaded.dataVersion === dataVersion ? loaded.values : NO_VALUES;
}

function FilterFields() {
  const filter = usePivotStore((s) => s.spec.filters[0]);
  const updateSpec = usePivotStore((s) => s.updateSpec);
  // A dimension chosen without values yet lives here, since a filter without values is no filter;
  // once the spec has a filter (picked here or restored from a view) the spec decides.
  const [pendingDimension, setDimension] = useState<Dimension | null>(null);
  const dimension = filter?.dimension ?? pendingDimension;
  const values = useDimensionValues(dimension);
  const selected = filter?.dimension === dimension ? (filter?.values ?? []) : [];
  return (
    <fieldset className="filter">
      <legend>Filter</legend>
      <Field label="Dimension">
        {(id) => (
          <select
            id={id}
            data-testid="filter-dimension"
            value={dimension ?? NONE}
            onChange={(e) => {
              const next = e.target.value;
              setDimension(isDimension(next) ? next : null);
              updateSpec({ filters: [] });
            }}
          >
            <option value={NONE}>(no filter)</option>
            <DimensionOptions />
          </select>
        )}
      </Field>
      {dimension !== null && (
        <Field label="Values (Ctrl+click for several)">
          {(id) => (
            <select
              id={id}
              multiple
              size={Math.min(8, Math.max(3, values.length))}
              data-testid="filter-values"
              value={selected}
              onChange={(e) => {
                const picked = Array.from(e.target.selectedOptions, (o) => o.value);
                // Keep the dimension on show when its last value is unpicked.
                if (picked.length === 0) setDimension(dimension);
                updateSpec({ filters: picked.length > 0 ? [{ dimension, values: picked }] : [] });
              }}
            >
              {values.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
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
      {(from !== undefined || to !== undefined) && (
        <button type="button" className="link" onClick={() => updateSpec({ from: undefined, to: undefined })}>
          All months
        </button>
      )}
    </fieldset>
  );
}

/** The pivot's shape: what goes down, what goes across, and what each cell shows. */
export function PivotPanel() {
  const spec = usePivotStore((s) => s.spec);
  const updateSpec = usePivotStore((s) => s.updateSpec);
  const chart = usePivotStore((s) => s.chart);
  const setChart = usePivotStore((s) => s.setChart);
  const rowDimension = spec.rows[0];
  const subRowDimension = spec.rows[1];
  const columnDimension = spec.columns[0];
  const isPeriodColumn = columnDimension !== undefined && isPeriodDimension(columnDimension);

  const setColumns = (next: Dimension | null): void => {
    const columns = next === null ? [] : [next];
    const keepsChange = next !== null && isPeriodDimension(next);
    // A change measure without a period column cannot be computed; fall back to counts.
    updateSpec(isChangeMeasure(spec.measure) && !keepsChange ? { columns, measure: 'count' } : { columns });
  };

  return (
    <section className="panel pivot-panel" aria-labelledby="pivot-heading">
      <h2 id="pivot-heading">Pivot</h2>
      <Field label="Rows">
        {(id) => (
          <select
            id={id}
            data-testid="pivot-rows"
            value={rowDimension ?? NONE}
            onChange={(e) => {
              const next = e.target.value;
              if (!isDimension(next)) return;
              // The second row dimension stays unless it is now the first.
              const rows = subRowDimension !== undefined && subRowDimension !== next ? [next, subRowDimension] : [next];
              // Rows and columns must differ: picking the column dimension as rows clears the columns.
              if (next === columnDimension) updateSpec({ rows, columns: [], measure: isChangeMeasure(spec.measure) ? 'count' : spec.measure });
              else updateSpec({ rows });
            }}
          >
            <DimensionOptions />
          </select>
        )}
      </Field>
      <Field label="Then rows by">
        {(id) => (
          <select
            id={id}
            data-testid="pivot-subrows"
            value={subRowDimension ?? NONE}
            title="A second row dimension: groups with subtotals, rows indented beneath"
            onChange={(e) => {
              const next = e.target.value;
              if (rowDimension === undefined) return;
              updateSpec({ rows: isDimension(next) ? [rowDimension, next] : [rowDimension] });
            }}
          >
            <option value={NONE}>(none)</option>
            <DimensionOptions exclude={[rowDimension, columnDimension]} />
          </select>
        )}
      </Field>
      <Field label="Columns">
        {(id) => (
          <select
            id={id}
            data-testid="pivot-columns"
            value={columnDimension ?? NONE}
            onChange={(e) => setColumns(isDimension(e.target.value) ? e.target.value : null)}
          >
            <option value={NONE}>(none)</option>
            <DimensionOptions exclude={[rowDimension, subRowDimension]} />
          </select>
        )}
      </Field>
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
            {OFFERED_MEASURES.map((m) => (
              <option key={m} value={m} disabled={isChangeMeasure(m) && !isPeriodColumn}>
                {MEASURE_LABELS[m]}
                {isChangeMeasure(m) && !isPeriodColumn ? ' (needs a period column)' : ''}
              </option>
            ))}
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
      <FilterFields />
    </section>
  );
}
