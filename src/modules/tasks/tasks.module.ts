import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { DefinitionsModule } from '../definitions/definitions.module.js';
import { AssignmentHttpController } from './commands/claim-task/assignment.http.controller.js';
import { ChangeAssignmentHandler } from './commands/claim-task/change-assignment.handler.js';
import { CompleteBatchHandler } from './commands/complete-batch/complete-batch.handler.js';
import { CompleteBatchHttpController } from './commands/complete-batch/complete-batch.http.controller.js';
import { CompleteTaskHandler } from './commands/complete-task/complete-task.handler.js';
import { CompleteTaskHttpController } from './commands/complete-task/complete-task.http.controller.js';
import { CopyCaseHandler } from './commands/copy-case/copy-case.handler.js';
import { CopyCaseHttpController } from './commands/copy-case/copy-case.http.controller.js';
import { ReturnTaskHandler } from './commands/return-task/return-task.handler.js';
import { ReturnTaskHttpController } from './commands/return-task/return-task.http.controller.js';
import { ChangeJointSignersHandler } from './commands/add-signers/joint-signers.handler.js';
import { SignersHttpController } from './commands/add-signers/signers.http.controller.js';
import { ChangeTaskSignersHandler } from './commands/add-signers/task-signers.handler.js';
import { TakeBackTaskHandler } from './commands/take-back-task/take-back-task.handler.js';
import { TakeBackTaskHttpController } from './commands/take-back-task/take-back-task.http.controller.js';
import { PhrasesHttpController } from './commands/set-phrases/phrases.http.controller.js';
import { SetPhrasesHandler } from './commands/set-phrases/set-phrases.handler.js';
import { ProxyHttpController } from './commands/set-proxy/proxy.http.controller.js';
import { SetProxyHandler } from './commands/set-proxy/set-proxy.handler.js';
import { UrgeTaskHandler } from './commands/urge-task/urge-task.handler.js';
import { UrgeTaskHttpController } from './commands/urge-task/urge-task.http.controller.js';
import { PeopleEffects } from './application/people-effects.js';
import { ProxyDirectory } from './application/proxy-directory.js';
import { TaskRunner } from './application/task-runner.js';
import { CopiesHttpController } from './queries/list-copies/copies.http.controller.js';
import { CopyReader } from './queries/list-copies/copy.reader.js';
import { ListTasksHttpController } from './queries/list-tasks/list-tasks.http.controller.js';
import { TaskListReader } from './queries/list-tasks/task-list.reader.js';
import { GetTaskHandler, ListTasksHandler } from './queries/list-tasks/list-tasks.handler.js';

@Module({
  imports: [CasesModule, DefinitionsModule],
  controllers: [
    // complete-batch before the routes with an :id, so its path is never read as a task id.
    CompleteBatchHttpController,
    ListTasksHttpController,
    CompleteTaskHttpController,
    AssignmentHttpController,
    ReturnTaskHttpController,
    SignersHttpController,
    TakeBackTaskHttpController,
    CopyCaseHttpController,
    UrgeTaskHttpController,
    CopiesHttpController,
    ProxyHttpController,
    PhrasesHttpController,
  ],
  providers: [
    TaskRunner,
    TaskListReader,
    ListTasksHandler,
    GetTaskHandler,
    CompleteTaskHandler,
    ChangeAssignmentHandler,
    ReturnTaskHandler,
    ChangeJointSignersHandler,
    ChangeTaskSignersHandler,
    TakeBackTaskHandler,
    CopyCaseHandler,
    UrgeTaskHandler,
    CopyReader,
    CompleteBatchHandler,
    SetProxyHandler,
    SetPhrasesHandler,
    ProxyDirectory,
    PeopleEffects,
  ],
  exports: [TaskRunner],
})
export class TasksModule {}
