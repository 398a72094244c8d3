/**
 * The Flags progress bar over a run's two passes (seasonality tests, then
 * each series' methods), fed the progress events the worker sends for a
 * real run: it never goes back, and is full only when the last series is done.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'sql.js';
import { loadSqlJs } from '../../../electron/cli/load-sqljs';
import { type FlagsProgress, analyseAllAsync } from '../../../shared/analytics/flags';
import { importFiles } from '../../../shared/import/import-files';
import { createWorkbench } from '../../../shared/workbench';
import { seasonalSeriesCsv } from '../../../tests/helpers/seasonal-series';
import { flagsPercent } from './flags-store';

let db: Database;
beforeAll(async () => {
  db = createWorkbench(await loadSqlJs());
  await importFiles(db, [{ name: 'street-seasons.csv', bytes: new TextEncoder().encode(seasonalSeriesCsv()) }], { kind: 'police-uk', now: new Date('2024-06-01T00:00:00Z') });
});

describe('Flags progress', () => {
  it('the bar only moves forward across both passes and is full at the end', async () => {
    const events: FlagsProgress[] = [];
    await analyseAllAsync(db, { by: ['crime_type'], filters: [] }, { onProgress: (done, total, stage) => events.push({ done, total, stage }) });
    expect(new Set(events.map((e) => e.stage))).toEqual(new Set(['seasonality', 'methods']));
    const percents = [flagsPercent(null), ...events.map(flagsPercent)];
    percents.forEach((p, i) => expect(p, `event ${i}`).toBeGreaterThanOrEqual(percents[i - 1] ?? 0));
    expect(percents.filter((p) => p === 100)).toHaveLength(1);
    expect(percents.at(-1)).toBe(100);
  });

  it('no series: the bar stays empty', () => {
    expect(flagsPercent({ done: 0, total: 0, stage: 'seasonality' })).toBe(0);
  });
});
