import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { DefinitionsModule } from '../definitions/definitions.module.js';
import { AssignmentHttpController } from './commands/claim-task/assignment.http.controller.js';
import { ChangeAssignmentHandler } from './commands/claim-task/change-assignment.handler.js';
import { CompleteTaskHandler } from './commands/complete-task/complete-task.handler.js';
import { CompleteTaskHttpController } from './commands/complete-task/complete-task.http.controller.js';
import { ReturnTaskHandler } from './commands/return-task/return-task.handler.js';
import { ReturnTaskHttpController } from './commands/return-task/return-task.http.controller.js';
import { ChangeJointSignersHandler } from './commands/add-signers/joint-signers.handler.js';
import { SignersHttpController } from './commands/add-signers/signers.http.controller.js';
import { ChangeTaskSignersHandler } from './commands/add-signers/task-signers.handler.js';
import { TakeBackTaskHandler } from './commands/take-back-task/take-back-task.handler.js';
import { TakeBackTaskHttpController } from './commands/take-back-task/take-back-task.http.controller.js';
import { TaskRunner } from './application/task-runner.js';
import { ListTasksHttpController } from './queries/list-tasks/list-tasks.http.controller.js';
import { TaskListReader } from './queries/list-tasks/task-list.reader.js';
import { GetTaskHandler, ListTasksHandler } from './queries/list-tasks/list-tasks.handler.js';

@Module({
  imports: [CasesModule, DefinitionsModule],
  controllers: [
    ListTasksHttpController,
    CompleteTaskHttpController,
    AssignmentHttpController,
    ReturnTaskHttpController,
    SignersHttpController,
    TakeBackTaskHttpController,
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
  ],
  exports: [TaskRunner],
})
export class TasksModule {}
