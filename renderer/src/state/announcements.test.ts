/**
 * What long work says to a screen reader: every start and end, and
 * progress at most once per quiet gap however often the bar moves.
 */
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../shared/import/types';
import {
  AnnouncementThrottle,
  type FlagsSnapshot,
  type ImportSnapshot,
  PROGRESS_GAP_MS,
  type RepeatsSnapshot,
  endedRepeatJobs,
  flagsAnnouncement,
  importAnnouncement,
  repeatEndAnnouncement,
  repeatsAnnouncements,
} from './announcements';

const idle: ImportSnapshot = { runningRequestId: null, progress: null, isCancelling: false, reports: null };
const report = (file: string, accepted: number, rejected: number): ImportReport => ({
  file,
  kind: 'police-uk',
  sha256: '0'.repeat(64),
  read: accepted + rejected,
  accepted,
  rejected,
  duplicate: 0,
  updated: 0,
  rejects: [],
  warnings: [],
});

/** Feeds a state sequence through the rule and the throttle at the given times; returns what was spoken. */
function speak<S>(states: S[], times: number[], rule: (prev: S, next: S) => ReturnType<typeof importAnnouncement>): string[] {
  const throttle = new AnnouncementThrottle();
  const spoken: string[] = [];
  for (let i = 1; i < states.length; i++) {
    const prev = states[i - 1];
    const next = states[i];
    if (prev === undefined || next === undefined) continue;
    const text = throttle.pass(rule(prev, next), times[i] ?? 0);
    if (text !== null) spoken.push(text);
  }
  return spoken;
}

describe('import announcements', () => {
  // Three files of 50,000 rows, a progress event per 5,000 rows, 100 ms apart: 30 events in 3 s.
  const states: ImportSnapshot[] = [idle, { ...idle, runningRequestId: 7 }];
  for (let f = 0; f < 3; f++) {
    for (let done = 5_000; done <= 50_000; done += 5_000) {
      states.push({ ...idle, runningRequestId: 7, progress: { file: `2023-0${f + 1}.csv`, fileIndex: f, fileCount: 3, rowsDone: done, rowsTotal: 50_000 } });
    }
  }
  const reports = [report('2023-01.csv', 49_990, 10), report('2023-02.csv', 50_000, 0), report('2023-03.csv', 1, 0)];
  states.push({ ...idle, reports });

  it('says the start, one progress line and the end of a quick import, not each of its 30 progress events', () => {
    const spoken = speak(states, states.map((_, i) => i * 100), importAnnouncement);
    expect(spoken).toEqual([
      'Import started.',
      // The first progress after the start waits for the gap; at 100 ms apart the whole import fits in one gap.
      'Import finished: 3 files, 99,991 records accepted, 10 rejected, 0 duplicate.',
    ]);
  });

  it('speaks progress once per gap on a long import', () => {
    // The same events a second apart: 32 s, so progress at most every PROGRESS_GAP_MS.
    const times = states.map((_, i) => i * 1_000);
    const spoken = speak(states, times, importAnnouncement);
    const progress = spoken.filter((t) => t.startsWith('Importing file'));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil((times.at(-1) ?? 0) / PROGRESS_GAP_MS));
    expect(progress[0]).toBe('Importing file 1 of 3, 2023-01.csv: 100% read.');
    expect(spoken[0]).toBe('Import started.');
    expect(spoken.at(-1)).toMatch(/^Import finished: /);
  });

  it('says a cancelled import imported nothing, and is quiet about a failed one (its error dialog speaks)', () => {
    const running = { ...idle, runningRequestId: 3 };
    const cancelling = { ...running, isCancelling: true };
    expect(importAnnouncement(running, cancelling)?.text).toBe('Cancelling the import…');
    expect(importAnnouncement(cancelling, idle)?.text).toBe('Import cancelled: nothing was imported.');
    expect(importAnnouncement(running, idle)).toBeNull();
  });
});

describe('flags announcements', () => {
  const none: FlagsSnapshot = { runningRequestId: null, progress: null, error: null, outcome: null };
  it('start, end with the number of flags, cancel; the error is left to its alert', () => {
    const running = { ...none, runningRequestId: 1 };
    expect(flagsAnnouncement(none, running)?.text).toBe('Flags running.');
    expect(flagsAnnouncement(running, { ...none, outcome: { flags: 1, series: 14 } })?.text).toBe('Flags finished: 1 flag across 14 series.');
    expect(flagsAnnouncement(running, none)?.text).toBe('Flags cancelled.');
    expect(flagsAnnouncement(running, { ...none, error: 'Needs 12 months' })).toBeNull();
    const p = flagsAnnouncement(running, { ...running, progress: { stage: 'seasonality', done: 3, total: 14 } });
    expect(p).toEqual({ kind: 'progress', text: 'Testing seasonality: 3 of 14 series.' });
  });
});

describe('repeat announcements', () => {
  const base: RepeatsSnapshot = {
    running: {},
    errors: { repeat: null, 'top-victims': null, locations: null, flags: null, 'near-repeat': null },
    results: { repeat: null, 'top-victims': null, locations: null, flags: null },
    nearRepeatRequestId: null,
    nearRepeatProgress: null,
    knox: null,
  };
  it('each task says it started, then finished or was cancelled by whether a new result landed; an error is left to its alert', () => {
    const running = { ...base, running: { locations: { requestId: 2, progress: null } } };
    expect(repeatsAnnouncements(base, running).map((a) => a.text)).toEqual(['Repeat locations running.']);
    // The task stops running first; its result is stored in the next update.
    expect(endedRepeatJobs(running, base)).toEqual(['locations']);
    expect(repeatEndAnnouncement('locations', running, { ...base, results: { ...base.results, locations: {} } })?.text).toBe('Repeat locations finished.');
    expect(repeatEndAnnouncement('locations', running, base)?.text).toBe('Repeat locations cancelled.');
    expect(repeatEndAnnouncement('locations', running, { ...base, errors: { ...base.errors, locations: 'No positions' } })).toBeNull();
    const knox = {};
    const near = { ...base, nearRepeatRequestId: 4 };
    expect(repeatsAnnouncements(base, near).map((a) => a.text)).toEqual(['Near-repeat test running.']);
    expect(endedRepeatJobs(near, { ...base, knox })).toEqual(['near-repeat']);
    expect(repeatEndAnnouncement('near-repeat', near, { ...base, knox })?.text).toBe('Near-repeat test finished.');
    expect(repeatEndAnnouncement('near-repeat', { ...near, knox }, { ...base, knox })?.text).toBe('Near-repeat test cancelled.');
    expect(repeatsAnnouncements(near, { ...near, nearRepeatProgress: { done: 250, total: 1000 } })).toEqual([{ kind: 'progress', text: 'Near-repeat test: 25% done.' }]);
  });
});
