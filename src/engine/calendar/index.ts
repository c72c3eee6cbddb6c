export { WorkingCalendar } from './working-calendar.js';
export type { WorkingCalendarData, WorkingHoursRange } from './working-calendar.js';
export { addDuration, parseCycle, parseDateTime, parseDuration } from './iso-duration.js';
export type { IsoCycle, IsoDuration } from './iso-duration.js';
