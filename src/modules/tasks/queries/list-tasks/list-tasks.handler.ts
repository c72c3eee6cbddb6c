import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
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
  constructor(
    private readonly tasks: TaskRunner,
    private readonly uow: UnitOfWork,
  ) {}

  async execute(q: GetTaskQuery): Promise<TaskView> {
    const view = TaskView.from(await this.tasks.read(q.taskId, q.principal));
    const urges = await this.uow.query<{
      urged_by: string;
      urged_by_name: string;
      urged_at: Date;
      message: string;
      n: string;
    }>(
      `SELECT urged_by, urged_by_name, urged_at, message, count(*) OVER () AS n
         FROM task_urge WHERE task_id = $1 ORDER BY urged_at DESC, id LIMIT 20`,
      [q.taskId],
    );
    const recent = urges.map((u) => ({
      by: u.urged_by,
      byName: u.urged_by_name,
      at: new Date(u.urged_at).toISOString(),
      message: u.message,
    }));
    return { ...view, urges: { count: Number(urges[0]?.n ?? 0), lastUrgedAt: recent[0]?.at ?? null, recent } };
  }
}
