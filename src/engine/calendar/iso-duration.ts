import { CalendarError, CalendarErrorCode } from './calendar-error.js';

/** ISO-8601 durations, dates and repeating intervals, computed in UTC from ISO strings (no clock access). */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): IsoDuration | null {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t === 'P' || t.endsWith('T')) return null;
  const n = (i: number): number => Number(m[i] ?? 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

export function addDuration(fromIso: string, d: IsoDuration): string {
  const date = new Date(fromIso);
  date.setUTCFullYear(
    date.getUTCFullYear() + d.years,
    date.getUTCMonth() + d.months,
    date.getUTCDate() + d.weeks * 7 + d.days,
  );
  const ms = ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
  const at = date.getTime() + ms;
  // A huge duration (P999999Y) or a junk start leaves the range a Date can hold: a coded refusal, not a RangeError.
  if (!Number.isFinite(at) || Math.abs(at) > 8.64e15)
    throw new CalendarError(
      CalendarErrorCode.OUT_OF_RANGE,
      `${fromIso} plus the duration is not a representable instant`,
    );
  return new Date(at).toISOString();
}

/** A date-time with an explicit zone (Z or ±hh:mm); bare dates/times are refused as ambiguous. */
export function parseDateTime(text: string): string | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export interface IsoCycle {
  repetitions: number | null; // null = unbounded (R/...)
  start: string | null;
  interval: IsoDuration;
}

/** `R3/PT10M`, `R/PT1H`, `R2/2025-01-01T00:00:00Z/P1D`. Cron expressions are not supported. */
export function parseCycle(text: string): IsoCycle | null {
  const parts = text.trim().split('/');
  const rep = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!rep) return null;
  const repetitions = rep[1] ? Number(rep[1]) : null;
  if (parts.length === 2) {
    const interval = parseDuration(parts[1] ?? '');
    return interval ? { repetitions, start: null, interval } : null;
  }
  if (parts.length === 3) {
    const start = parseDateTime(parts[1] ?? '');
    const interval = parseDuration(parts[2] ?? '');
    return start && interval ? { repetitions, start, interval } : null;
  }
  return null;
}
