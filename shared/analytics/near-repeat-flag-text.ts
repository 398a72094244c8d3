/**
 * The near-repeat flags in analysts' words, for the Repeat victimisation
 * tab: which crime types, what distance and days, and whether the analyst
 * chose them (with the day) or they are the defaults filled on import.
 */
import { dayLabel } from '../charts/text';
import type { NearRepeatFlagState } from './near-repeat-column';

const COUNT = new Intl.NumberFormat('en-GB');

/** "Near repeat flags: Burglary Dwelling, within 150 m and 7 days, refilled 1 Dec 2026 (12 Yes of 340 assessed)." */
export function nearRepeatFlagText(state: NearRepeatFlagState): string {
  const { settings } = state;
  const types = state.crimeTypes.length > 0 ? state.crimeTypes.join(', ') : settings.crimeTypes === null ? 'burglary types (none in the workbench)' : `${settings.crimeTypes.join(', ')} (not in the workbench)`;
  const within = `within ${COUNT.format(settings.flagSpace)} m${settings.distance === 'manhattan' ? ' (Manhattan distance)' : ''} and ${COUNT.format(settings.flagDays)} ${settings.flagDays === 1 ? 'day' : 'days'}`;
  const when = state.setAt === null ? 'the defaults, filled on import' : `refilled ${dayLabel(state.setAt)}`;
  const counts =
    state.assessed === null || state.flagged === null
      ? ''
      : state.assessed === 0
        ? ' (no records assessed: each needs a date and a position)'
        : ` (${COUNT.format(state.flagged)} Yes of ${COUNT.format(state.assessed)} assessed)`;
  return `Near repeat flags: ${types}, ${within}, ${when}${counts}. New imports are flagged the same way.`;
}
