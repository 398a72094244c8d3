/**
 * The drill-through export in the renderer: the worker's progress shows in
 * the dialog's state, Cancel stops the worker and writes no file, and a
 * finished export saves the worker's CSV once, in the order the grid shows.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkbenchError } from '../../../shared/errors';
import type { SendOptions } from '../db/client';
import type { DrillTarget } from '../state/drill-store';

interface Sent {
  name: string;
  args: Record<string, unknown>;
  options: SendOptions | undefined;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}
const sent: Sent[] = [];
const cancelled: number[] = [];
const saved: { csv: string; name: string }[] = [];

// The worker stands in as a list of requests the test answers by hand.
vi.mock('./command', () => ({
  command: (name: string, args: Record<string, unknown>, options?: SendOptions) =>
    new Promise((resolve, reject) => {
      sent.push({ name, args, options, resolve, reject });
      options?.onStart?.(sent.length);
    }),
}));
vi.mock('../db/client', () => ({ db: () => ({ cancel: (id: number) => cancelled.push(id) }) }));
vi.mock('./save-csv', () => ({
  saveCsv: (csv: string, name: string) => {
    saved.push({ csv, name });
    return Promise.resolve();
  },
}));
vi.mock('./export-actions', () => ({ scopeLines: () => ['Filters: none'] }));

const { cancelDrillExport, exportDrillCsv, openDrillThrough, sortDrillThrough } = await import('./drill-actions');
const { useDrillStore } = await import('../state/drill-store');
const { useDialogStore } = await import('../state/dialog-store');

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const target: DrillTarget = {
  spec: { rows: ['crime_type'], columns: ['district'], measure: 'count', filters: [] },
  rowKey: ['Arson'],
  columnKey: ['Mansfield'],
  count: 45_000,
  label: 'Arson × Mansfield',
};

/** Opens the dialog and answers its first page. */
async function opened(): Promise<void> {
  const open = openDrillThrough(target);
  sent.at(-1)?.resolve({ total: 45_000, offset: 0, fields: ['reference', 'date', 'id'], records: [] });
  await open;
}

afterEach(() => {
  sent.length = 0;
  cancelled.length = 0;
  saved.length = 0;
  useDrillStore.setState({ target: null, page: null, offset: 0, sort: null, isLoading: false, error: null, exporting: null });
});

describe('drill-through export', () => {
  it("shows the worker's progress, and Cancel stops the worker and writes nothing", async () => {
    await opened();
    const exporting = exportDrillCsv();
    const request = sent.at(-1);
    expect(request?.name).toBe('pivot/drill-csv');
    expect(request?.args.header).toEqual(expect.arrayContaining(['Records behind: Arson × Mansfield (45,000 records)', 'Filters: none']));
    request?.options?.onEvent?.({ type: 'event', requestId: sent.length, name: 'drill/progress', payload: { done: 20_000, total: 45_000 } });
    expect(useDrillStore.getState().exporting).toEqual({ requestId: sent.length, done: 20_000, total: 45_000 });

    cancelDrillExport();
    expect(cancelled).toEqual([sent.length]);
    expect(useDrillStore.getState().exporting).toBeNull();
    expect(useDialogStore.getState().notice).toMatch(/cancelled: no file was written/);
    request?.reject(new WorkbenchError({ code: 'cancelled', message: 'Export cancelled: no file was written.' }));
    await exporting;
    await tick();
    expect(saved).toEqual([]);
    expect(useDrillStore.getState().error).toBeNull();
  });

  it("saves the worker's CSV once, sorted as the grid is", async () => {
    await opened();
    const sorting = sortDrillThrough({ field: 'date', descending: true });
    expect(sent.at(-1)?.args.sort).toEqual({ field: 'date', descending: true });
    sent.at(-1)?.resolve({ total: 45_000, offset: 0, fields: ['reference', 'date', 'id'], records: [] });
    await sorting;
    const exporting = exportDrillCsv();
    // A second click while it runs starts nothing more.
    await exportDrillCsv();
    const requests = sent.filter((s) => s.name === 'pivot/drill-csv');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.args.sort).toEqual({ field: 'date', descending: true });
    requests[0]?.resolve({ csv: 'a,b\r\n', count: 45_000 });
    await exporting;
    expect(saved).toEqual([{ csv: 'a,b\r\n', name: 'records-arson-mansfield.csv' }]);
    expect(useDrillStore.getState().exporting).toBeNull();
  });
});
