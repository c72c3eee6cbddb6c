import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../persistence/unit-of-work.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { AppError } from '../../../shared/errors/app-error.js';
import { actorOf, type EventSource } from '../../cases/domain/case-row.js';
import { CaseRunner } from '../../cases/application/case-runner.js';
import type { CaseSession } from '../../cases/domain/case-session.js';
import { authoriseTask } from '../../../shared/auth/access-policy.js';
import { canSee } from '../domain/task-access.js';
import type { TaskRow } from '../domain/task-row.js';

/**
 * Runs a task command inside its case's command: the case row is locked first, then the task is
 * read again, so a task completed a moment ago by someone else is seen as completed (409), not lost.
 */
@Injectable()
export class TaskRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cases: CaseRunner,
  ) {}

  async run<T>(
    taskId: string,
    p: Principal,
    work: (s: CaseSession, task: TaskRow) => Promise<T>,
    source: EventSource = p.kind === 'system' ? 'DEPT_PUSH' : 'UI',
  ): Promise<T> {
    return this.cases.run({ taskId }, actorOf(p), source, async (s) => {
      // Read under the case lock (with it, in one round trip): a task completed a moment ago is seen as completed.
      const task = s.task(taskId);
      if (!task || !canSee(p, task)) throw AppError.notFound('TASK.NOT_FOUND', `No task ${taskId}`);
      return work(s, task);
    });
  }

  async read(taskId: string, p: Principal): Promise<TaskRow> {
    const [task] = await this.uow.query<TaskRow>('SELECT * FROM work_item WHERE id = $1', [taskId]);
    if (!task) throw AppError.notFound('TASK.NOT_FOUND', `No task ${taskId}`);
    authoriseTask('task.read', p, taskId, task);
    return task;
  }
}
