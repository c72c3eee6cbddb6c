/**
 * Working-day arithmetic (domain.md §4.2-4.4): Mon-Fri minus holidays plus make-up workdays, in a fixed
 * local offset (Asia/Shanghai = +480 min, no DST). addWorkingDays: the acceptance day is not counted; the
 * due time is the end (23:59:59.999 local) of the Nth working day after it. Pure: dates come in as data.
 */
import type { Calendar } from '../contract.js';

export interface WorkingHoursRange {
  start: string; // HH:MM local
  end: string;
}

export interface WorkingCalendarData {
  holidays: string[]; // YYYY-MM-DD local
  makeupWorkdays: string[];
  workingHours?: WorkingHoursRange[];
  timeZoneOffsetMinutes: number;
}

const DAY_MS = 86_400_000;
const DEFAULT_HOURS: WorkingHoursRange[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export class WorkingCalendar implements Calendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly makeup: ReadonlySet<string>;
  private readonly offsetMs: number;
  private readonly hours: readonly { start: number; end: number }[];

  constructor(data: WorkingCalendarData) {
    this.holidays = new Set(data.holidays);
    this.makeup = new Set(data.makeupWorkdays);
    this.offsetMs = data.timeZoneOffsetMinutes * 60_000;
    this.hours = (data.workingHours ?? DEFAULT_HOURS).map((r) => ({
      start: minutesOf(r.start),
      end: minutesOf(r.end),
    }));
  }

  /** Local calendar date (YYYY-MM-DD) of an instant, or a date string passed through. */
  localDate(isoOrDate: string): string {
    if (/^\d{4}-\d{2}-\d{2}$/.test(isoOrDate)) return isoOrDate;
    return new Date(Date.parse(isoOrDate) + this.offsetMs).toISOString().slice(0, 10);
  }

  isWorkday(isoOrDate: string): boolean {
    const day = this.localDate(isoOrDate);
    if (this.makeup.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** End of the local day `day` as a UTC ISO instant. */
  endOfDay(day: string): string {
    return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1 - this.offsetMs).toISOString();
  }

  private nextDay(day: string, delta = 1): string {
    return new Date(Date.parse(`${day}T00:00:00Z`) + delta * DAY_MS).toISOString().slice(0, 10);
  }

  addWorkingDays(fromIso: string, days: number): string {
    let day = this.localDate(fromIso);
    let counted = 0;
    while (counted < days) {
      day = this.nextDay(day);
      if (this.isWorkday(day)) counted++;
    }
    return this.endOfDay(day);
  }

  /** Working days strictly after a's local day up to and including b's local day (0 when b <= a). */
  workingDaysBetween(aIso: string, bIso: string): number {
    const end = this.localDate(bIso);
    let day = this.localDate(aIso);
    let n = 0;
    while (day < end) {
      day = this.nextDay(day);
      if (this.isWorkday(day)) n++;
    }
    return n;
  }

  /** Adds working hours inside the configured working-hours ranges of working days. */
  addWorkingHours(fromIso: string, hours: number): string {
    let remaining = Math.round(hours * 60);
    const local = new Date(Date.parse(fromIso) + this.offsetMs);
    let day = local.toISOString().slice(0, 10);
    let minute = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
    for (let guard = 0; guard < 100_000; guard++) {
      if (this.isWorkday(day)) {
        for (const range of this.hours) {
          const from = Math.max(minute, range.start);
          if (from >= range.end) continue;
          const available = range.end - from;
          if (remaining <= available) return this.at(day, from + remaining);
          remaining -= available;
          minute = range.end;
        }
      }
      day = this.nextDay(day);
      minute = 0;
    }
    throw new RangeError('addWorkingHours: no working hours in calendar');
  }

  private at(day: string, minuteOfDay: number): string {
    return new Date(Date.parse(`${day}T00:00:00Z`) + minuteOfDay * 60_000 - this.offsetMs).toISOString();
  }
}
