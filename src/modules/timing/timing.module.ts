import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { DefinitionsModule } from '../definitions/definitions.module.js';
import { CalendarService } from './calendars/calendar.service.js';
import { CalendarVersion } from './calendars/calendar-version.js';
import { CalendarsHttpController } from './calendars/calendars.http.controller.js';
import { AdminHttpController } from './clock/admin.http.controller.js';
import { CaseJobHandlers } from './jobs/case-job.handlers.js';
import { JobRunner } from './jobs/job-runner.js';
import { JobStore } from './jobs/job-store.js';
import { TimerStartScheduler } from './jobs/timer-start.scheduler.js';

/** Calendars, durable jobs (timers, deadline and acceptance checks) and the test clock. */
@Module({
  imports: [CasesModule, DefinitionsModule],
  controllers: [CalendarsHttpController, AdminHttpController],
  providers: [CalendarService, CalendarVersion, JobStore, CaseJobHandlers, JobRunner, TimerStartScheduler],
  exports: [JobRunner, CalendarService, CaseJobHandlers, JobStore],
})
export class TimingModule {}
