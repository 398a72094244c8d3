/**
 * The near-repeat flags in analysts' words, for the Repeat victimisation
 * tab: which crime types, what distance and days, and whether the analyst
 * chose them (with the day) or they are the defaults filled on import.
 */
import { dayLabel } from '../charts/text';
import { DEFAULT_NEAR_REPEAT_FLAG_SETTINGS, type NearRepeatFlagMeaning, type NearRepeatFlagState } from './near-repeat-column';

const COUNT = new Intl.NumberFormat('en-GB');

/** "Near repeat flags: Burglary Dwelling, within 150 m and 7 days, refilled 1 Dec 2026 (12 Yes of 340 assessed)." */
export function nearRepeatFlagText(state: NearRepeatFlagState): string {
  const { settings } = state;
  const types = state.crimeTypes.length > 0 ? state.crimeTypes.join(', ') : settings.crimeTypes === null ? 'burglary types (none in the workbench)' : `${settings.crimeTypes.join(', ')} (not in the workbench)`;
  const within = `within ${COUNT.format(settings.flagSpace)} m${settings.distance === 'manhattan' ? ' (Manhattan distance)' : ''} and ${COUNT.format(settings.flagDays)} ${settings.flagDays === 1 ? 'day' : 'days'}`;
  const when = state.setAt !== null ? `refilled ${dayLabel(state.setAt)}` : isDefaultSettings(state) ? 'the defaults, filled on import' : 'chosen in an earlier version';
  const counts =
    state.assessed === null || state.flagged === null
      ? ''
      : state.assessed === 0
        ? ' (no records assessed: each needs a date and a position)'
        : ` (${COUNT.format(state.flagged)} Yes of ${COUNT.format(state.assessed)} assessed)`;
  return `Near repeat flags: ${types}, ${within}, ${when}${counts}. New imports are flagged the same way.`;
}

/**
 * What the pivot's Near repeat values mean, for a pivot that uses them (a
 * note under the grid and in every export's header): a table of "Yes"
 * counts means nothing without the distance and days behind it.
 */
export function nearRepeatPivotNote(state: NearRepeatFlagMeaning): string {
  const { settings } = state;
  const types = state.crimeTypes.length > 0 ? listOf(state.crimeTypes) : 'burglary';
  const within = `within ${COUNT.format(settings.flagSpace)} m${settings.distance === 'manhattan' ? ' (Manhattan distance)' : ''} and ${COUNT.format(settings.flagDays)} ${settings.flagDays === 1 ? 'day' : 'days'}`;
  const chosen = state.setAt !== null ? `settings chosen ${dayLabel(state.setAt)}` : isDefaultSettings(state) ? 'the defaults' : 'settings chosen in an earlier version';
  return `Near repeat: Yes is a ${types} record that followed another of the same crime type ${within} (${chosen}); No, one assessed that did not; Not assessed, any other crime type or a record without a date or position.`;
}

/**
 * Settings kept with no day chosen are the defaults only when they are the defaults: builds
 * before the day was kept saved the analyst's own settings without it.
 */
function isDefaultSettings(state: NearRepeatFlagMeaning): boolean {
  const { settings } = state;
  const d = DEFAULT_NEAR_REPEAT_FLAG_SETTINGS;
  return settings.crimeTypes === null && settings.flagSpace === d.flagSpace && settings.flagDays === d.flagDays && settings.distance === d.distance;
}

/** "A", "A or B", "A, B or C". */
function listOf(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}
