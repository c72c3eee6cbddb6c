/**
 * Working-day arithmetic (domain.md §4.2-4.4): Mon-Fri minus holidays plus make-up workdays, in a fixed
 * local offset (Asia/Shanghai = +480 min, no DST). addWorkingDays: the acceptance day is not counted; the
 * due time is the end (23:59:59.999 local) of the Nth working day after it. Pure: dates come in as data.
 */
import type { Calendar } from '../contract.js';
import { CalendarError, CalendarErrorCode } from './calendar-error.js';

export interface WorkingHoursRange {
  start: string; // HH:MM local
  end: string;
}

export interface WorkingCalendarData {
  holidays: string[]; // YYYY-MM-DD local
  makeupWorkdays: string[];
  workingHours?: WorkingHoursRange[];
  timeZoneOffsetMinutes: number;
  /**
   * The years the arithmetic may touch (inclusive). Default: the years of the holiday data widened by
   * CALENDAR_YEAR_MARGIN on each side, or DEFAULT_CALENDAR_YEARS when there is no data. Every date given
   * or reached outside is refused with CALENDAR.OUT_OF_RANGE, which bounds every loop below.
   */
  years?: { first: number; last: number };
  /**
   * The years whose official holiday notice was loaded. Other years in range are counted as weekends
   * only; callers that must not be misled by that check this list (the calendar itself stays total).
   */
  loadedYears?: readonly number[];
}

/** Years covered when a calendar has no holiday data (the years a calendar can be published for). */
export const DEFAULT_CALENDAR_YEARS = { first: 2000, last: 2100 } as const;
/** How far before the first and after the last published year the arithmetic still answers. */
export const CALENDAR_YEAR_MARGIN = 10;

const DAY_MS = 86_400_000;
const DEFAULT_HOURS: WorkingHoursRange[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function yearsOf(data: WorkingCalendarData): { first: number; last: number } {
  if (data.years) return data.years;
  const years = [...data.holidays, ...data.makeupWorkdays].map((d) => Number(d.slice(0, 4))).filter(Number.isFinite);
  if (!years.length) return DEFAULT_CALENDAR_YEARS;
  return { first: Math.min(...years) - CALENDAR_YEAR_MARGIN, last: Math.max(...years) + CALENDAR_YEAR_MARGIN };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export class WorkingCalendar implements Calendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly makeup: ReadonlySet<string>;
  private readonly offsetMs: number;
  private readonly hours: readonly { start: number; end: number }[];
  readonly firstYear: number;
  readonly lastYear: number;
  private readonly firstDay: string;
  private readonly lastDay: string;
  /** Years with a loaded holiday notice; null when the builder did not say. */
  readonly loadedYears: readonly number[] | null;
  /**
   * Day-stepping answers by local day: every command re-plans its due dates from the same few days, so
   * the walk is done once per (day, amount). The data never changes after construction (a new calendar
   * is built when it does); bounded, so an unusual caller cannot grow it without end.
   */
  private readonly dueByDays = new Map<string, string>();
  private readonly daysBetween = new Map<string, number>();

  constructor(data: WorkingCalendarData) {
    this.loadedYears = data.loadedYears ? [...data.loadedYears].sort((a, b) => a - b) : null;
    ({ first: this.firstYear, last: this.lastYear } = yearsOf(data));
    this.firstDay = `${String(this.firstYear).padStart(4, '0')}-01-01`;
    this.lastDay = `${String(this.lastYear).padStart(4, '0')}-12-31`;
    this.holidays = new Set(data.holidays);
    this.makeup = new Set(data.makeupWorkdays);
    this.offsetMs = data.timeZoneOffsetMinutes * 60_000;
    this.hours = (data.workingHours ?? DEFAULT_HOURS).map((r) => ({
      start: minutesOf(r.start),
      end: minutesOf(r.end),
    }));
  }

  /**
   * Local calendar date (YYYY-MM-DD) of an instant, or a date string passed through. Refuses impossible
   * dates (CALENDAR.INVALID_DATE) and dates outside the year range (CALENDAR.OUT_OF_RANGE).
   */
  localDate(isoOrDate: string): string {
    const ms = ISO_DAY.test(isoOrDate) ? Date.parse(`${isoOrDate}T00:00:00Z`) : Date.parse(isoOrDate) + this.offsetMs;
    if (!Number.isFinite(ms))
      throw new CalendarError(CalendarErrorCode.INVALID_DATE, `${clip(isoOrDate)} is not a date or an instant`);
    if (Math.abs(ms) > MAX_TIME_MS)
      throw new CalendarError(CalendarErrorCode.OUT_OF_RANGE, `${clip(isoOrDate)} is outside the working calendar`);
    const day = new Date(ms).toISOString().slice(0, 10);
    // Date.parse rolls 2026-02-30 over to March: a date that does not survive the round trip is not real.
    if (ISO_DAY.test(isoOrDate) && day !== isoOrDate)
      throw new CalendarError(CalendarErrorCode.INVALID_DATE, `${isoOrDate} is not a date`);
    return this.inRange(day);
  }

  private inRange(day: string): string {
    if (day.length !== 10 || day < this.firstDay || day > this.lastDay)
      throw new CalendarError(
        CalendarErrorCode.OUT_OF_RANGE,
        `${day} is outside the working calendar (${this.firstYear}–${this.lastYear})`,
      );
    return day;
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

  /** The next day, refused once it leaves the year range: no stepping loop can run past lastYear. */
  private nextDay(day: string, delta = 1): string {
    return this.inRange(new Date(Date.parse(`${day}T00:00:00Z`) + delta * DAY_MS).toISOString().slice(0, 10));
  }

  addWorkingDays(fromIso: string, days: number): string {
    checkAmount(days, 'days');
    const from = this.localDate(fromIso);
    return remember(this.dueByDays, `${from}|${days}`, () => {
      let day = from;
      let counted = 0;
      for (let steps = 0; counted < days; steps++) {
        guard(steps);
        day = this.nextDay(day);
        if (this.isWorkday(day)) counted++;
      }
      return this.endOfDay(day);
    });
  }

  /** Working days strictly after a's local day up to and including b's local day (0 when b <= a). */
  workingDaysBetween(aIso: string, bIso: string): number {
    const end = this.localDate(bIso);
    const start = this.localDate(aIso);
    return remember(this.daysBetween, `${start}|${end}`, () => {
      let day = start;
      let n = 0;
      for (let steps = 0; day < end; steps++) {
        guard(steps);
        day = this.nextDay(day);
        if (this.isWorkday(day)) n++;
      }
      return n;
    });
  }

  /** Adds working hours inside the configured working-hours ranges of working days. */
  addWorkingHours(fromIso: string, hours: number): string {
    checkAmount(hours, 'hours');
    let remaining = Math.round(hours * 60);
    let day = this.localDate(fromIso);
    const local = new Date(Date.parse(fromIso) + this.offsetMs);
    let minute = ISO_DAY.test(fromIso)
      ? 0
      : local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
    for (let steps = 0; ; steps++) {
      guard(steps);
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
      // Without working hours nextDay() reaches lastYear and refuses: this loop ends either way.
      day = this.nextDay(day);
      minute = 0;
    }
  }

  private at(day: string, minuteOfDay: number): string {
    return new Date(Date.parse(`${day}T00:00:00Z`) + minuteOfDay * 60_000 - this.offsetMs).toISOString();
  }
}

/** Remembered walks per calendar and kind before the memory is dropped and starts again. */
const REMEMBERED_LIMIT = 10_000;

/** A walk's answer, computed once; an error (out of range) is not remembered and is thrown again. */
function remember<T>(memo: Map<string, T>, key: string, walk: () => T): T {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const answer = walk();
  if (memo.size >= REMEMBERED_LIMIT) memo.clear();
  memo.set(key, answer);
  return answer;
}

/** The largest instant a JS Date can hold (±275760 years). */
const MAX_TIME_MS = 8.64e15;
/**
 * A hard ceiling on day steps, above any year range in use (200 years), so that even a calendar built
 * with a wrong range cannot step for ever.
 */
export const MAX_CALENDAR_STEPS = 200 * 366;

function guard(steps: number): void {
  if (steps > MAX_CALENDAR_STEPS)
    throw new CalendarError(CalendarErrorCode.OUT_OF_RANGE, `more than ${MAX_CALENDAR_STEPS} calendar days stepped`);
}

function checkAmount(n: number, what: string): void {
  if (!Number.isFinite(n)) throw new CalendarError(CalendarErrorCode.INVALID_AMOUNT, `${what} must be a finite number`);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
