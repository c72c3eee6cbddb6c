import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { DefinitionModels } from '../../../definitions/application/definition-models.js';
import { loadPathHistory } from '../../application/return-history.js';
import { returnTargets } from '../../domain/return-targets.js';
import { TaskRunner } from '../../application/task-runner.js';
import { type TaskPage, TaskView } from '../../dtos/task.view.js';
import { GetTaskQuery, ListTasksQuery } from './list-tasks.query.js';
import { TaskListReader } from './task-list.reader.js';

@QueryHandler(ListTasksQuery)
export class ListTasksHandler implements IQueryHandler<ListTasksQuery> {
  constructor(private readonly reader: TaskListReader) {}

  execute(q: ListTasksQuery): Promise<TaskPage> {
    return this.reader.list(q.filter, q.principal);
  }
}

@QueryHandler(GetTaskQuery)
export class GetTaskHandler implements IQueryHandler<GetTaskQuery> {
  constructor(
    private readonly tasks: TaskRunner,
    private readonly uow: UnitOfWork,
    private readonly models: DefinitionModels,
  ) {}

  async execute(q: GetTaskQuery): Promise<TaskView> {
    const task = await this.tasks.read(q.taskId, q.principal);
    const view = { ...TaskView.from(task), urges: await this.urges(q.taskId) };
    if (task.state !== 'open' || task.kind !== 'user') return view;
    // Where 退回 may go: the same rule the return command checks.
    const [c] = await this.uow.query<{ process_definition_id: string }>(
      'SELECT process_definition_id FROM approval_case WHERE id = $1',
      [task.case_id],
    );
    if (!c) return view;
    const { model } = await this.models.byId(c.process_definition_id);
    return {
      ...view,
      returnTargets: returnTargets(model, task.element_id, await loadPathHistory(this.uow, task.case_id)),
    };
  }

  /** 催办 on the task: how many, the latest, and the last 20 with their messages. */
  private async urges(taskId: string): Promise<NonNullable<TaskView['urges']>> {
    const urges = await this.uow.query<{
      urged_by: string;
      urged_by_name: string;
      urged_at: Date;
      message: string;
      n: string;
    }>(
      `SELECT urged_by, urged_by_name, urged_at, message, count(*) OVER () AS n
         FROM task_urge WHERE task_id = $1 ORDER BY urged_at DESC, id LIMIT 20`,
      [taskId],
    );
    const recent = urges.map((u) => ({
      by: u.urged_by,
      byName: u.urged_by_name,
      at: new Date(u.urged_at).toISOString(),
      message: u.message,
    }));
    return { count: Number(urges[0]?.n ?? 0), lastUrgedAt: recent[0]?.at ?? null, recent };
  }
}
