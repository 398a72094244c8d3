/**
 * What a screen reader is told about long work (import, flags, the repeat
 * analyses): that it started, how it is going now and then, and how it
 * ended. The progress bars change every few thousand rows; reading each
 * change out would drown everything else, so progress is spoken at most
 * once per `PROGRESS_GAP_MS` and starts and ends always. Errors are not
 * here: each screen shows them in a role="alert" region of its own.
 */
import type { FlagsProgress } from '../../../shared/analytics/flags';
import type { ImportProgress, ImportReport } from '../../../shared/import/types';
import { formatCount } from '../format';
import type { RepeatTask, RunningTask } from './repeats-store';

/** The least time between two progress announcements. */
export const PROGRESS_GAP_MS = 10_000;

/** A start or an end (always spoken) or a progress line (spoken only after a quiet gap). */
export interface Announcement {
  text: string;
  kind: 'milestone' | 'progress';
}

/** Lets milestones through and progress only after PROGRESS_GAP_MS of quiet. */
export class AnnouncementThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly gapMs: number = PROGRESS_GAP_MS) {}

  /** The text to speak now, or null to stay quiet. */
  pass(announcement: Announcement | null, now: number): string | null {
    if (announcement === null) return null;
    if (announcement.kind === 'progress' && now - this.lastAt < this.gapMs) return null;
    this.lastAt = now;
    return announcement.text;
  }
}

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

export interface ImportSnapshot {
  runningRequestId: number | null;
  progress: ImportProgress | null;
  isCancelling: boolean;
  reports: ImportReport[] | null;
}

export function importAnnouncement(prev: ImportSnapshot, next: ImportSnapshot): Announcement | null {
  const wasRunning = prev.runningRequestId !== null;
  const isRunning = next.runningRequestId !== null;
  if (!wasRunning && isRunning) return { kind: 'milestone', text: 'Import started.' };
  if (wasRunning && !isRunning) {
    const reports = next.reports;
    if (reports === null || reports === prev.reports) return prev.isCancelling ? { kind: 'milestone', text: 'Import cancelled: nothing was imported.' } : null;
    const sum = (key: 'accepted' | 'rejected' | 'duplicate'): number => reports.reduce((total, r) => total + r[key], 0);
    return {
      kind: 'milestone',
      text: `Import finished: ${plural(reports.length, 'file', 'files')}, ${plural(sum('accepted'), 'record', 'records')} accepted, ${formatCount(sum('rejected'))} rejected, ${formatCount(sum('duplicate'))} duplicate.`,
    };
  }
  if (isRunning && next.isCancelling && !prev.isCancelling) return { kind: 'milestone', text: 'Cancelling the import…' };
  const p = next.progress;
  if (!isRunning || p === null || p === prev.progress) return null;
  const percent = p.rowsTotal === 0 ? 0 : Math.round((p.rowsDone / p.rowsTotal) * 100);
  return { kind: 'progress', text: `Importing file ${p.fileIndex + 1} of ${p.fileCount}, ${p.file}: ${percent}% read.` };
}

export interface FlagsSnapshot {
  runningRequestId: number | null;
  progress: FlagsProgress | null;
  error: string | null;
  /** How many flags the finished run listed, and across how many series (null before any run). */
  outcome: { flags: number; series: number } | null;
}

export function flagsAnnouncement(prev: FlagsSnapshot, next: FlagsSnapshot): Announcement | null {
  const wasRunning = prev.runningRequestId !== null;
  const isRunning = next.runningRequestId !== null;
  if (!wasRunning && isRunning) return { kind: 'milestone', text: 'Flags running.' };
  if (wasRunning && !isRunning) {
    if (next.error !== null) return null;
    if (next.outcome === null || next.outcome === prev.outcome) return { kind: 'milestone', text: 'Flags cancelled.' };
    return { kind: 'milestone', text: `Flags finished: ${plural(next.outcome.flags, 'flag', 'flags')} across ${plural(next.outcome.series, 'series', 'series')}.` };
  }
  const p = next.progress;
  if (!isRunning || p === null || p === prev.progress) return null;
  const stage = p.stage === 'seasonality' ? 'Testing seasonality' : 'Trends, exceptions and forecasts';
  return { kind: 'progress', text: `${stage}: ${formatCount(p.done)} of ${formatCount(p.total)} series.` };
}

export const REPEAT_TASK_LABELS: Readonly<Record<RepeatTask, string>> = {
  repeat: 'Repeat victims',
  'top-victims': 'Top victims',
  locations: 'Repeat locations',
  flags: 'Near-repeat flags',
};

export interface RepeatsSnapshot {
  running: Partial<Record<RepeatTask, RunningTask>>;
  /** Each task's error message (null when it has none). */
  errors: Record<RepeatTask | 'near-repeat', string | null>;
  /** Each task's result object: a new one means the run finished, the old one that it was cancelled. */
  results: Record<RepeatTask, unknown>;
  nearRepeatRequestId: number | null;
  nearRepeatProgress: { done: number; total: number } | null;
  /** The near-repeat result object, to tell a finished run from a cancelled one. */
  knox: object | null;
}

const TASKS = Object.keys(REPEAT_TASK_LABELS) as RepeatTask[];

/** The repeat analyses and the near-repeat test, each of which may run beside the others. */
export type RepeatJob = RepeatTask | 'near-repeat';

const isRunning = (state: RepeatsSnapshot, job: RepeatJob): boolean => (job === 'near-repeat' ? state.nearRepeatRequestId !== null : state.running[job] !== undefined);
const resultOf = (state: RepeatsSnapshot, job: RepeatJob): unknown => (job === 'near-repeat' ? state.knox : state.results[job]);
const jobLabel = (job: RepeatJob): string => (job === 'near-repeat' ? 'Near-repeat test' : REPEAT_TASK_LABELS[job]);
const JOBS: readonly RepeatJob[] = [...TASKS, 'near-repeat'];

/** Jobs that stopped running between two states (their outcome is told by `repeatEndAnnouncement`). */
export function endedRepeatJobs(prev: RepeatsSnapshot, next: RepeatsSnapshot): RepeatJob[] {
  return JOBS.filter((job) => isRunning(prev, job) && !isRunning(next, job));
}

/**
 * How a job ended, from the state just before it stopped and the state once its result has landed (a task
 * stops running and then its result is stored, one update after the other): a new result is finished,
 * the old one cancelled; an error is left to the screen's alert.
 */
export function repeatEndAnnouncement(job: RepeatJob, before: RepeatsSnapshot, after: RepeatsSnapshot): Announcement | null {
  if (after.errors[job] !== null) return null;
  const result = resultOf(after, job);
  const isNew = result !== null && result !== resultOf(before, job);
  return { kind: 'milestone', text: `${jobLabel(job)} ${isNew ? 'finished' : 'cancelled'}.` };
}

/** Starts of repeat jobs (all of them: two may start together), else at most one progress line. */
export function repeatsAnnouncements(prev: RepeatsSnapshot, next: RepeatsSnapshot): Announcement[] {
  const starts = JOBS.filter((job) => !isRunning(prev, job) && isRunning(next, job)).map((job): Announcement => ({ kind: 'milestone', text: `${jobLabel(job)} running.` }));
  if (starts.length > 0) return starts;
  for (const task of TASKS) {
    const p = next.running[task]?.progress ?? null;
    if (p !== null && p !== (prev.running[task]?.progress ?? null) && p.total > 0) {
      return [{ kind: 'progress', text: `${REPEAT_TASK_LABELS[task]}: ${Math.round((p.done / p.total) * 100)}% done.` }];
    }
  }
  const p = next.nearRepeatProgress;
  if (isRunning(next, 'near-repeat') && p !== null && p !== prev.nearRepeatProgress && p.total > 0) {
    return [{ kind: 'progress', text: `Near-repeat test: ${Math.round((p.done / p.total) * 100)}% done.` }];
  }
  return [];
}
