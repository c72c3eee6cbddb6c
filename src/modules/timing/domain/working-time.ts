/**
 * Pure helpers on top of the engine's WorkingCalendar (src/engine/calendar, not edited here): local day
 * boundaries, natural-day deadlines that roll past holidays (Civil Code Art.203), working hours between
 * two instants, and the "deemed acceptance" deadline of the 5-day correction-notice rule.
 */
import type { WorkingCalendar } from '../../../engine/index.js';

export type DayCalendar = Pick<
  WorkingCalendar,
  'isWorkday' | 'addWorkingDays' | 'workingDaysBetween' | 'addWorkingHours' | 'localDate' | 'endOfDay' | 'loadedYears'
>;

const DAY_MS = 86_400_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of a local day. */
export function startOfDay(cal: DayCalendar, day: string): string {
  return new Date(Date.parse(cal.endOfDay(day)) + 1 - DAY_MS).toISOString();
}

/** Natural days between the local days of a and b (0 on the same day). */
export function naturalDaysBetween(cal: DayCalendar, a: string, b: string): number {
  const da = Date.parse(`${cal.localDate(a)}T00:00:00Z`);
  const db = Date.parse(`${cal.localDate(b)}T00:00:00Z`);
  return Math.max(0, Math.round((db - da) / DAY_MS));
}

/** N natural days after the day of `from`, ending at 24:00; a deadline on a day off moves to the next working day. */
export function addNaturalDays(cal: DayCalendar, from: string, days: number): string {
  let day = addDays(cal.localDate(from), Math.ceil(days));
  for (let guard = 0; guard < 400 && !cal.isWorkday(day); guard++) day = addDays(day, 1);
  return cal.endOfDay(day);
}

/** Working hours inside the calendar's working-hour ranges between two instants (minute precision). */
export function workingHoursBetween(cal: DayCalendar, a: string, b: string): number {
  const from = Date.parse(a);
  const to = Date.parse(b);
  if (to <= from) return 0;
  // addWorkingHours is monotone in its hours: the largest whole minute count that stays within b.
  let lo = 0;
  let hi = Math.ceil((to - from) / 60_000);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (Date.parse(cal.addWorkingHours(a, mid / 60)) <= to) lo = mid;
    else hi = mid - 1;
  }
  return lo / 60;
}

/** Law: a correction notice is due within 5 working days of receipt; otherwise acceptance is deemed (行政许可法 Art.32). */
export const CORRECTION_NOTICE_WD = 5;

export function correctionNoticeDeadline(cal: DayCalendar, receivedAt: string): string {
  return cal.addWorkingDays(receivedAt, CORRECTION_NOTICE_WD);
}
