import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { TaskPage, TaskView } from '../../dtos/task.view.js';
import type { ListTasksRequestDto } from './list-tasks.request.dto.js';

/** The inbox or a filtered task list (filter), or one task (taskId). */
export class ListTasksQuery extends Query<TaskPage> {
  constructor(
    readonly filter: ListTasksRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}

export class GetTaskQuery extends Query<TaskView> {
  constructor(
    readonly taskId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
