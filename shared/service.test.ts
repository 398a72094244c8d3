import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
import { districtCsv, generateDistrictRecords } from './generator';
import { WorkbenchService, type HandlerContext } from './service';

const context: HandlerContext = { isCancelled: () => false, emit: () => undefined };
const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const file = (name: string, rows: string[]): { name: string; bytes: Uint8Array } => ({
  name,
  bytes: new TextEncoder().encode([HEADER, ...rows].join('\n')),
});

describe('workbench service', () => {
  it('drops cached pivots after an import and after opening another workbench', async () => {
    const service = new WorkbenchService(await loadSqlJs());
    const spec = { rows: ['crime_type' as const], columns: [], measure: 'count' as const, filters: [] };
    await service.dispatch('import/files', { files: [file('a.csv', ['a,2023-01,N,N,,,X,E1,Mansfield 001A,Burglary,,'])] }, context);
    expect((await service.dispatch('pivot/run', { spec }, context)).grandCount).toBe(1);
    const saved = await service.dispatch('workbench/export', {}, context);
    await service.dispatch('import/files', { files: [file('b.csv', ['b,2023-01,N,N,,,X,E1,Mansfield 001A,Burglary,,'])] }, context);
    expect((await service.dispatch('pivot/run', { spec }, context)).grandCount).toBe(2);
    await service.dispatch('workbench/open', { bytes: saved, fileName: 'a.workbench' }, context);
    expect((await service.dispatch('pivot/run', { spec }, context)).grandCount).toBe(1);
  });

  it('keeps the current workbench when opening a bad file fails', async () => {
    const service = new WorkbenchService(await loadSqlJs());
    await service.dispatch('import/files', { files: [file('a.csv', ['a,2023-01,N,N,,,X,E1,Mansfield 001A,Burglary,,'])] }, context);
    await expect(
      service.dispatch('workbench/open', { bytes: new TextEncoder().encode('not a workbench'), fileName: 'x.csv' }, context),
    ).rejects.toMatchObject({ code: 'not-sqlite' });
    expect((await service.dispatch('workbench/info', {}, context)).records).toBe(1);
  });
});

describe('a large import through the service', () => {
  it('makes room for a large CSV, keeps what the workbench held and adds every record', async () => {
    const service = new WorkbenchService(await loadSqlJs());
    await service.dispatch('import/files', { files: [file('a.csv', ['a,2023-01,N,N,,,X,E1,Mansfield 001A,Burglary,,'])] }, context);
    const csv = districtCsv(generateDistrictRecords({ seed: 3, records: 95_000 }));
    const bytes = new TextEncoder().encode(csv);
    // Large enough that readyForImport makes room (16 MiB at 1.3 database bytes per CSV byte).
    expect(bytes.length * 1.3).toBeGreaterThan(16 * 1024 * 1024);
    const [report] = await service.dispatch('import/files', { files: [{ name: 'district.csv', bytes }] }, context);
    expect(report?.accepted).toBe(95_000);
    expect((await service.dispatch('workbench/info', {}, context)).records).toBe(95_001);
    const spec = { rows: ['district' as const], columns: [], measure: 'count' as const, filters: [] };
    expect((await service.dispatch('pivot/run', { spec }, context)).grandCount).toBe(95_001);
    const saved = await service.dispatch('workbench/export', {}, context);
    await service.dispatch('workbench/new', {}, context);
    await service.dispatch('workbench/open', { bytes: saved, fileName: 'big.workbench' }, context);
    expect((await service.dispatch('pivot/run', { spec }, context)).grandCount).toBe(95_001);
  }, 120_000);
});

describe('flags in the service', () => {
  it('a Cancel during flags stops the run between series', async () => {
    const service = new WorkbenchService(await loadSqlJs());
    const rows: string[] = [];
    for (let m = 1; m <= 12; m++) {
      for (const type of ['Burglary', 'Robbery', 'Drugs', 'Shoplifting']) {
        for (const lsoa of ['Mansfield 001A', 'Gedling 001A', 'Ashfield 001A']) rows.push(`,2023-${String(m).padStart(2, '0')},N,N,,,X,E1,${lsoa},${type},,`);
      }
    }
    await service.dispatch('import/files', { files: [file('a.csv', rows)] }, context);
    let progress = 0;
    const run = service.dispatch('flags/run', { by: ['crime_type', 'district'], filters: [] }, {
      isCancelled: () => progress >= 8,
      emit: (name, payload) => {
        if (name === 'flags/progress') progress = (payload as { done: number }).done;
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(progress).toBe(8);
    // Two passes, each with progress and Cancel: every seasonality test (adjusted together), then each series' methods.
    const seen: string[] = [];
    let methodsDone = 0;
    const second = service.dispatch('flags/run', { by: ['crime_type', 'district'], filters: [] }, {
      isCancelled: () => methodsDone >= 5,
      emit: (name, payload) => {
        if (name !== 'flags/progress') return;
        const { done, total, stage } = payload as { done: number; total: number; stage: string };
        seen.push(`${stage} ${done}/${total}`);
        if (stage === 'methods') methodsDone = done;
      },
    });
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen).toEqual([...Array.from({ length: 12 }, (_, i) => `seasonality ${i + 1}/12`), ...Array.from({ length: 5 }, (_, i) => `methods ${i + 1}/12`)]);
    const full = await service.dispatch('flags/run', { by: ['crime_type', 'district'], filters: [] }, context);
    expect(full.series).toHaveLength(12);
  });
});
