import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module.js';
import { CaseActionHandler } from './commands/case-action/case-action.handler.js';
import { CaseActionHttpController } from './commands/case-action/case-action.http.controller.js';
import { CreateCaseHandler } from './commands/create-case/create-case.handler.js';
import { CreateCaseHttpController } from './commands/create-case/create-case.http.controller.js';
import { CalendarProvider } from './application/calendar-provider.js';
import { CallActivities } from './application/call-activities.js';
import { CaseOpener } from './application/case-opener.js';
import { CaseRunner } from './application/case-runner.js';
import { CaseViewCommand } from './application/case-view-command.js';
import { VariablePolicy } from './application/variable-policy.js';
import { CaseReader } from './queries/get-case/case.reader.js';
import { GetCaseHandler } from './queries/get-case/get-case.handler.js';
import { GetTimelineHandler } from './queries/get-timeline/get-timeline.handler.js';
import { ListCasesHandler } from './queries/list-cases/list-cases.handler.js';
import { GetCaseHttpController } from './queries/get-case/get-case.http.controller.js';
import { TimelineReader } from './queries/get-timeline/timeline.reader.js';
import { CaseListReader } from './queries/list-cases/case-list.reader.js';
import { PublicCaseHttpController } from './queries/public-case/public-case.http.controller.js';
import { VerifyTimelineHandler } from './queries/verify-timeline/verify-timeline.handler.js';
import { VerifyTimelineHttpController } from './queries/verify-timeline/verify-timeline.http.controller.js';

@Module({
  imports: [DefinitionsModule],
  controllers: [
    CreateCaseHttpController,
    GetCaseHttpController,
    CaseActionHttpController,
    PublicCaseHttpController,
    VerifyTimelineHttpController,
  ],
  providers: [
    GetCaseHandler,
    GetTimelineHandler,
    VerifyTimelineHandler,
    ListCasesHandler,
    CallActivities,
    CaseRunner,
    CaseViewCommand,
    CaseOpener,
    CaseReader,
    CaseListReader,
    TimelineReader,
    CalendarProvider,
    CreateCaseHandler,
    CaseActionHandler,
    VariablePolicy,
  ],
  exports: [CaseRunner, CaseViewCommand, CaseOpener, CaseReader, CalendarProvider, VariablePolicy],
})
export class CasesModule {}
