import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authoriseCase, loadCaseFacts } from '../../../../shared/auth/access-policy.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { CaseRunner } from '../../../cases/application/case-runner.js';
import { actorOf } from '../../../cases/domain/case-row.js';
import { UrgeTaskCommand } from './urge-task.command.js';
import type { UrgeView } from './urge-task.request.dto.js';

/** One urge per task, per person, per this many milliseconds (issue 13: once an hour). */
export const URGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Records an urge under the case lock (so two urges by one person at once cannot both pass the
 * rate limit), with a timeline entry and a `task.urged` event for SMS gateways.
 */
@CommandHandler(UrgeTaskCommand)
export class UrgeTaskHandler implements ICommandHandler<UrgeTaskCommand> {
  constructor(private readonly cases: CaseRunner) {}

  execute({ caseId, request, principal: p }: UrgeTaskCommand): Promise<UrgeView> {
    return this.cases.run(caseId, actorOf(p), 'UI', async (s) => {
      authoriseCase('case.urge', p, caseId, await loadCaseFacts(s.tx, s.row));
      const message = request.message.trim();
      if (message === '') throw AppError.invalid('URGE.MESSAGE_REQUIRED', 'Say what you urge');
      const task = s.task(request.taskId);
      if (!task) {
        const [closed] = await s.tx.query<{ state: string }>(
          'SELECT state FROM work_item WHERE id = $1 AND case_id = $2',
          [request.taskId, caseId],
        );
        if (!closed) throw AppError.notFound('TASK.NOT_FOUND', `No task ${request.taskId} on this case`);
        throw AppError.conflict('TASK.NOT_OPEN', `Task ${request.taskId} is ${closed.state}`);
      }
      if (task.state !== 'open') throw AppError.conflict('TASK.NOT_OPEN', `Task ${task.id} is ${task.state}`);
      if (task.assignee === p.id) throw AppError.invalid('URGE.OWN_TASK', 'You hold this task yourself');
      const [seen] = await s.tx.query<{ n: string; mine: Date | null }>(
        `SELECT count(*) AS n, max(urged_at) FILTER (WHERE urged_by = $2) AS mine FROM task_urge WHERE task_id = $1`,
        [task.id, p.id],
      );
      const last = seen?.mine ? new Date(seen.mine).getTime() : null;
      if (last !== null && s.now.getTime() - last < URGE_INTERVAL_MS) {
        const retryAfter = Math.max(1, Math.ceil((last + URGE_INTERVAL_MS - s.now.getTime()) / 1000));
        throw new AppError('URGE.TOO_FREQUENT', 429, 'You urged this task less than an hour ago', undefined, {
          retryAfter,
        });
      }
      const count = Number(seen?.n ?? 0) + 1;
      const id = randomUUID();
      s.stageRows({
        table: 'task_urge',
        op: 'upsert',
        rows: [
          {
            id,
            case_id: caseId,
            task_id: task.id,
            urged_by: p.id,
            urged_by_name: p.name,
            urged_by_department: p.dept,
            target_assignee: task.assignee,
            target_departments: task.candidate_departments,
            message,
            urged_at: s.now.toISOString(),
          },
        ],
      });
      const body = {
        taskId: task.id,
        elementId: task.element_id,
        name: task.name,
        message,
        by: p.id,
        byName: p.name,
        assignee: task.assignee,
        departments: task.candidate_departments,
        dueAt: task.due_at?.toISOString() ?? null,
        count,
      };
      await s.timeline({
        type: 'task.urged',
        elementId: task.element_id,
        name: task.name,
        opinion: message,
        data: body,
      });
      await s.emit('task.urged', body);
      return {
        id,
        caseId,
        taskId: task.id,
        message,
        urgedBy: p.id,
        urgedByName: p.name,
        urgedAt: s.now.toISOString(),
        assignee: task.assignee,
        departments: task.candidate_departments,
        count,
      };
    });
  }
}
