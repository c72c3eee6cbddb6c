import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../../../config/app-config.js';
import { isRejectOutcome, outcomeProblem } from '../../../../engine/index.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { applyAcceptanceRules } from '../../../cases/domain/acceptance-rules.js';
import { VariablePolicy } from '../../../cases/application/variable-policy.js';
import { requireCaseActive, requireOpen, requireTaskAction } from '../../domain/task-access.js';
import type { TaskRow } from '../../domain/task-row.js';
import { TaskRunner } from '../../application/task-runner.js';
import { TaskView } from '../../dtos/task.view.js';
import { CompleteTaskCommand } from './complete-task.command.js';

/** Completes a user task with an outcome and an opinion; the engine moves the case on in the same transaction. */
@CommandHandler(CompleteTaskCommand)
export class CompleteTaskHandler implements ICommandHandler<CompleteTaskCommand> {
  constructor(
    private readonly tasks: TaskRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly variablePolicy: VariablePolicy,
  ) {}

  execute({ taskId, request, principal }: CompleteTaskCommand): Promise<TaskView> {
    this.variablePolicy.checkShape(request.variables);
    return this.tasks.run(taskId, principal, async (s, task) => {
      requireTaskAction('task.complete', principal, task);
      requireOpen(task);
      requireCaseActive(s.row.status);
      if (task.kind !== 'user')
        throw AppError.conflict('TASK.NOT_A_USER_TASK', 'External tasks are completed by their worker');
      this.variablePolicy.checkWrite(request.variables, s.model);
      const variables = request.variables ?? {};
      let { outcome, opinion } = request;
      checkOutcome(task, outcome);
      if (task.multi_instance && outcome && isRejectOutcome(outcome) && !opinion?.trim()) {
        // domain.md §6.2: a co-department's 不同意 without reasons counts as 同意 (unless configured to refuse it).
        if (this.config.unreasonedReject === 'refuse') {
          throw AppError.invalid('TASK.OPINION_REQUIRED', 'A disagreement needs its reasons (opinion)');
        }
        outcome = task.outcomes.find((o) => !isRejectOutcome(o)) ?? 'approve';
        opinion = '不同意但未说明理由，视为同意';
      }
      const onBehalfOf = task.on_behalf_of && task.on_behalf_of !== principal.id ? task.on_behalf_of : null;
      if (task.step === 'receive') await applyAcceptanceRules(s, task.element_id, { outcome, opinion, variables });
      // The completion is written first, so the timeline reads cause before consequence.
      await s.timeline({
        type: 'task.completed',
        elementId: task.element_id,
        name: task.name,
        opinion: opinion ?? null,
        // 代理: the proxy completes in their own name, on behalf of the person the task was meant for.
        data: { taskId, outcome: outcome ?? null, ...(onBehalfOf ? { onBehalfOf } : {}) },
      });
      await s.emit('task.completed', {
        taskId,
        elementId: task.element_id,
        name: task.name,
        outcome: outcome ?? null,
        opinion: opinion ?? null,
        by: principal.id,
        ...(onBehalfOf ? { onBehalfOf } : {}),
      });
      await s.advance({
        type: 'completeTask',
        taskId,
        ...(outcome !== undefined ? { outcome } : {}),
        ...(opinion !== undefined ? { opinion } : {}),
        variables,
        actor: { id: principal.id, ...(principal.dept ? { department: principal.dept } : {}) },
      });
      const done = s.patchTask(taskId, {
        state: 'completed',
        outcome: outcome ?? null,
        opinion: opinion ?? null,
        completed_at: s.now,
        completed_by: principal.id,
        assignee: task.assignee ?? principal.id,
      });
      return TaskView.from(done);
    });
  }
}

/** The engine's one outcome check, answered with the task's coded 422 before anything moves. */
function checkOutcome(task: TaskRow, outcome: string | undefined): void {
  const problem = outcomeProblem(task.outcomes, outcome);
  if (problem === 'OUTCOME_REQUIRED')
    throw AppError.invalid('TASK.OUTCOME_REQUIRED', `Choose an outcome: ${task.outcomes.join(', ')}`);
  if (problem === 'OUTCOME_NOT_ALLOWED')
    throw AppError.invalid('TASK.OUTCOME_NOT_ALLOWED', `Outcome ${outcome} is not one of ${task.outcomes.join(', ')}`);
}
