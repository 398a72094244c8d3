import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PivotResult } from '../../../shared/pivot/run-pivot';
import type { PivotSpec } from '../../../shared/pivot/spec';

interface Sent {
  spec: PivotSpec;
  signal: AbortSignal | undefined;
  resolve: (result: PivotResult) => void;
}
const sent: Sent[] = [];

// The worker stands in as a list of requests the test answers by hand, in any order.
vi.mock('../actions/command', () => ({
  command: (_name: string, args: { spec: PivotSpec }, options?: { signal?: AbortSignal }) =>
    new Promise<PivotResult>((resolve) => sent.push({ spec: args.spec, signal: options?.signal, resolve })),
}));

const { startPivotRunner, subtotalSpecs } = await import('./pivot-runner');
const { usePivotStore } = await import('./pivot-store');

function answer(request: Sent | undefined): void {
  if (request === undefined) throw new Error('no such request');
  const { spec } = request;
  request.resolve({ spec, columns: [], rows: [], columnTotals: [], grandTotal: null, columnCountTotals: [], grandCount: spec.rows.length, notes: [] });
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  sent.length = 0;
});

describe('pivot runner', () => {
  it('asks for one subtotal pivot per level of nested rows', () => {
    const spec: PivotSpec = { rows: ['district', 'crime_type', 'sex'], columns: ['month'], measure: 'share_row', filters: [] };
    expect(subtotalSpecs(spec).map((s) => s.rows)).toEqual([['district'], ['district', 'crime_type']]);
    expect(subtotalSpecs({ ...spec, rows: ['district'] })).toEqual([]);
  });

  it('cancels the stale pivot when a new spec arrives, and never shows its late answer', async () => {
    stop = startPivotRunner();
    const first = sent.length;
    usePivotStore.getState().setSpec({ rows: ['district', 'crime_type'], columns: [], measure: 'count', filters: [] });
    const stale = sent.slice(first);
    expect(stale.map((r) => r.spec.rows)).toEqual([['district', 'crime_type'], ['district']]);
    usePivotStore.getState().setSpec({ rows: ['age_band'], columns: [], measure: 'count', filters: [] });
    // Every request of the superseded spec was cancelled in the worker.
    expect(stale.every((r) => r.signal?.aborted === true)).toBe(true);
    const current = sent[sent.length - 1];
    expect(current?.spec.rows).toEqual(['age_band']);
    expect(current?.signal?.aborted).toBe(false);
    answer(current);
    await tick();
    // The stale answers arriving late change nothing.
    stale.forEach(answer);
    await tick();
    expect(usePivotStore.getState().result?.spec.rows).toEqual(['age_band']);
    expect(usePivotStore.getState().isLoading).toBe(false);
  });

  it('does not re-run the pivot when only the sort changes', () => {
    stop = startPivotRunner();
    const before = sent.length;
    usePivotStore.getState().setSort({ column: '__total', direction: 'desc' });
    expect(sent.length).toBe(before);
  });
});
