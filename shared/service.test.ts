import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../electron/cli/load-sqljs';
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
