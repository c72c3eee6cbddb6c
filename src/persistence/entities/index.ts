import { HolidayCalendarOrm } from './holiday-calendar.orm-entity.js';
import { ProcessDefinitionOrm } from './process-definition.orm-entity.js';
import { ServiceItemOrm } from './service-item.orm-entity.js';

export { HolidayCalendarOrm, ProcessDefinitionOrm, ServiceItemOrm };
export type { CalendarDay } from './holiday-calendar.orm-entity.js';

export const entities = [ProcessDefinitionOrm, ServiceItemOrm, HolidayCalendarOrm];
