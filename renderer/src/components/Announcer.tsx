/**
 * One polite live region for long work: import, flags and the repeat
 * analyses say when they start and end, and now and then how far they
 * have got (state/announcements.ts decides what and how often). The
 * progress text on screen changes far more often and is not a live region.
 */
import { useEffect, useState } from 'react';
import { flagItems } from '../flags/flag-list';
import {
  AnnouncementThrottle,
  type FlagsSnapshot,
  type ImportSnapshot,
  type RepeatsSnapshot,
  endedRepeatJobs,
  flagsAnnouncement,
  importAnnouncement,
  repeatEndAnnouncement,
  repeatsAnnouncements,
} from '../state/announcements';
import { type FlagsState, useFlagsStore } from '../state/flags-store';
import { useImportStore } from '../state/import-store';
import { type RepeatsState, useRepeatsStore } from '../state/repeats-store';

function flagsSnapshot(state: FlagsState, outcomes: WeakMap<object, FlagsSnapshot['outcome']>): FlagsSnapshot {
  const { result, request } = state;
  let outcome: FlagsSnapshot['outcome'] = null;
  if (result !== null && request !== null) {
    // The same object for the same result, so an unchanged result reads as "no new run".
    outcome = outcomes.get(result) ?? { flags: flagItems(result, request.by).length, series: result.series.length };
    outcomes.set(result, outcome);
  }
  return { runningRequestId: state.runningRequestId, progress: state.progress, error: state.error, outcome };
}

function repeatsSnapshot(state: RepeatsState): RepeatsSnapshot {
  return {
    running: state.running,
    errors: { repeat: state.repeatError, 'top-victims': state.topError, locations: state.locationsError, flags: state.nearRepeatError, 'near-repeat': state.nearRepeatError },
    results: { repeat: state.rows, 'top-victims': state.topVictims, locations: state.locations, flags: state.flagSummary },
    nearRepeatRequestId: state.nearRepeatRequestId,
    nearRepeatProgress: state.nearRepeatProgress,
    knox: state.knox,
  };
}

export function Announcer() {
  const [message, setMessage] = useState('');
  useEffect(() => {
    const throttle = new AnnouncementThrottle();
    const say = (text: string | null): void => {
      if (text !== null) setMessage(text);
    };
    const outcomes = new WeakMap<object, FlagsSnapshot['outcome']>();
    const stops = [
      useImportStore.subscribe((next, prev) => say(throttle.pass(importAnnouncement(prev satisfies ImportSnapshot, next), Date.now()))),
      useFlagsStore.subscribe((next, prev) => say(throttle.pass(flagsAnnouncement(flagsSnapshot(prev, outcomes), flagsSnapshot(next, outcomes)), Date.now()))),
      useRepeatsStore.subscribe((next, prev) => {
        const before = repeatsSnapshot(prev);
        const after = repeatsSnapshot(next);
        const spoken = repeatsAnnouncements(before, after)
          .map((a) => throttle.pass(a, Date.now()))
          .filter((t): t is string => t !== null);
        if (spoken.length > 0) setMessage(spoken.join(' '));
        // A task's result is stored just after it stops running: tell how it ended once that has happened.
        for (const job of endedRepeatJobs(before, after)) {
          setTimeout(() => say(throttle.pass(repeatEndAnnouncement(job, before, repeatsSnapshot(useRepeatsStore.getState())), Date.now())), 0);
        }
      }),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {message}
    </div>
  );
}
