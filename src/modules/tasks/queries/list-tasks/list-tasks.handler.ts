import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '../../../../shared/http/pagination.js';
import { TaskRunner } from '../../application/task-runner.js';
import { TaskView } from '../../dtos/task.view.js';
import { GetTaskQuery, ListTasksQuery } from './list-tasks.query.js';
import { TaskListReader } from './task-list.reader.js';

@QueryHandler(ListTasksQuery)
export class ListTasksHandler implements IQueryHandler<ListTasksQuery> {
  constructor(private readonly reader: TaskListReader) {}

  execute(q: ListTasksQuery): Promise<Page<TaskView>> {
    return this.reader.list(q.filter, q.principal);
  }
}

@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery> {
  constructor(private readonly tasks: TaskRunner) {}

  async execute(q: GetTaskQuery): Promise<TaskView> {
    return TaskView.from(await this.tasks.read(q.taskId, q.principal));
  }
}
