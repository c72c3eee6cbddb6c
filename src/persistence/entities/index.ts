import { ApiKeyOrm } from './api-key.orm-entity.js';
import { HolidayCalendarOrm } from './holiday-calendar.orm-entity.js';
import { ProcessDefinitionOrm } from './process-definition.orm-entity.js';
import { ServiceItemOrm } from './service-item.orm-entity.js';

export { ApiKeyOrm, HolidayCalendarOrm, ProcessDefinitionOrm, ServiceItemOrm };
export type { CalendarDay } from './holiday-calendar.orm-entity.js';

export const entities = [ApiKeyOrm, ProcessDefinitionOrm, ServiceItemOrm, HolidayCalendarOrm];
