export {
  CALENDAR_YEAR_MARGIN,
  DEFAULT_CALENDAR_YEARS,
  MAX_CALENDAR_STEPS,
  WorkingCalendar,
} from './working-calendar.js';
export type { WorkingCalendarData, WorkingHoursRange } from './working-calendar.js';
export { CalendarError, CalendarErrorCode } from './calendar-error.js';
export { addDuration, parseCycle, parseDateTime, parseDuration } from './iso-duration.js';
export type { IsoCycle, IsoDuration } from './iso-duration.js';
