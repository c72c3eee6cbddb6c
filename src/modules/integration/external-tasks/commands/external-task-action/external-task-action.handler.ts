import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { actorOf } from '../../../../cases/domain/case-row.js';
import { CaseRunner } from '../../../../cases/application/case-runner.js';
import { VariablePolicy } from '../../../../cases/application/variable-policy.js';
import type { CaseSession } from '../../../../cases/domain/case-session.js';
import { actingDepartment } from '../../../shared/department-scope.js';
import { type ExternalTaskRow, ExternalTaskStateDto } from '../../dtos/external-task.view.js';
import { ExternalTaskActionCommand } from './external-task-action.command.js';
import type { ExternalTaskAction } from './external-task-action.request.dto.js';

/**
 * complete / failure / bpmn-error / extend-lock, each inside its case's command: the case row is locked,
 * the task re-read, and only the worker holding an unexpired lock may act — a worker whose lock expired
 * (and whose task another worker may now hold) is told so instead of completing it twice.
 */
@CommandHandler(ExternalTaskActionCommand)
export class ExternalTaskActionHandler implements ICommandHandler<ExternalTaskActionCommand> {
  constructor(
    private readonly cases: CaseRunner,
    private readonly variablePolicy: VariablePolicy,
  ) {}

  async execute({ taskId, action, principal }: ExternalTaskActionCommand): Promise<ExternalTaskStateDto> {
    const variables = 'variables' in action.body ? action.body.variables : undefined;
    this.variablePolicy.checkShape(variables);
    const target = { taskId, kind: 'external' as const, notFound: notFound(taskId) };
    return this.cases.run(target, actorOf(principal), 'DEPT_PUSH', async (s) => {
      const task = this.lockedTask(s, taskId, principal, action.body.workerId);
      this.variablePolicy.checkWrite(variables, s.model);
      const row = await this.apply(s, task, action, principal);
      return ExternalTaskStateDto.from(row);
    });
  }

  private lockedTask(s: CaseSession, taskId: string, p: Principal, workerId: string): ExternalTaskRow {
    const task = s.task(taskId);
    const dept = actingDepartment(p);
    if (!task || (dept !== null && s.row.department !== dept && !task.candidate_departments.includes(dept))) {
      throw notFound(taskId);
    }
    if (task.state !== 'open') {
      throw AppError.conflict('EXTERNAL_TASK.NOT_OPEN', `External task ${taskId} is ${task.state}`, {
        taskState: task.state,
      });
    }
    if (task.worker_id !== workerId) {
      throw AppError.conflict(
        'EXTERNAL_TASK.NOT_LOCKED_BY_WORKER',
        `External task ${taskId} is not locked by worker ${workerId}`,
      );
    }
    if (!task.lock_expires_at || task.lock_expires_at <= s.now) {
      throw AppError.conflict(
        'EXTERNAL_TASK.LOCK_EXPIRED',
        `The lock of worker ${workerId} on ${taskId} has expired; fetch the task again`,
      );
    }
    return task;
  }

  private async apply(
    s: CaseSession,
    task: ExternalTaskRow,
    action: ExternalTaskAction,
    p: Principal,
  ): Promise<ExternalTaskRow> {
    const base = { elementId: task.element_id, name: task.name };
    switch (action.kind) {
      case 'complete': {
        const { workerId, variables = {} } = action.body;
        await s.timeline({ type: 'task.completed', ...base, data: { taskId: task.id, kind: 'external', workerId } });
        await s.emit('task.completed', { taskId: task.id, ...base, kind: 'external', topic: task.topic, by: p.id });
        await s.advance({ type: 'completeExternalTask', taskId: task.id, variables });
        return s.patchTask(task.id, { state: 'completed', completed_at: s.now, completed_by: p.id });
      }
      case 'failure': {
        const { workerId, errorMessage, errorDetails, retries, retryTimeoutMs } = action.body;
        await s.timeline({
          type: 'externalTask.failed',
          ...base,
          data: { taskId: task.id, workerId, errorMessage, errorDetails: errorDetails ?? null, retries },
        });
        // retries 0: the engine raises the incident (timeline + incident.raised webhook via the effect writer).
        await s.advance({ type: 'failExternalTask', taskId: task.id, retries, errorMessage });
        // The lock becomes the retry back-off: nobody fetches the task before it ends (Camunda does the same).
        const until = retries > 0 ? new Date(s.now.getTime() + retryTimeoutMs) : null;
        return s.patchTask(task.id, {
          worker_id: null,
          lock_expires_at: until,
          retries,
          error_message: errorMessage,
        });
      }
      case 'bpmn-error': {
        const { workerId, errorCode, errorMessage, variables } = action.body;
        await s.timeline({
          type: 'externalTask.bpmnError',
          ...base,
          data: { taskId: task.id, workerId, errorCode, errorMessage: errorMessage ?? null },
        });
        await s.advance({
          type: 'throwBpmnError',
          taskId: task.id,
          errorCode,
          ...(errorMessage !== undefined ? { errorMessage } : {}),
          ...(variables ? { variables } : {}),
        });
        return s.patchTask(task.id, {
          state: 'completed',
          outcome: 'bpmnError',
          error_message: errorCode,
          completed_at: s.now,
          completed_by: p.id,
        });
      }
      case 'extend-lock':
        return s.patchTask(task.id, { lock_expires_at: new Date(s.now.getTime() + action.body.newDurationMs) });
    }
  }
}

function notFound(id: string): AppError {
  return AppError.notFound('EXTERNAL_TASK.NOT_FOUND', `No external task ${id}`);
}
