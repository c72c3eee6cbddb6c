import { EngineError } from '../errors/engine-error.js';

/**
 * Coded refusals of the working-day arithmetic. They extend EngineError so that every caller (HTTP,
 * case commands, timers, jobs) already treats them as a coded refusal of the input, never as a crash.
 */
export const CalendarErrorCode = {
  /** A date or a result outside the calendar's year range (see WorkingCalendar.firstYear/lastYear). */
  OUT_OF_RANGE: 'CALENDAR.OUT_OF_RANGE',
  /** Not a real date or instant (2026-02-30, 0000-00-00, junk), or a non-finite amount of days/hours. */
  INVALID_DATE: 'CALENDAR.INVALID_DATE',
  INVALID_AMOUNT: 'CALENDAR.INVALID_AMOUNT',
} as const;

export class CalendarError extends EngineError {
  constructor(code: (typeof CalendarErrorCode)[keyof typeof CalendarErrorCode], message: string) {
    super(code, message);
  }
}
