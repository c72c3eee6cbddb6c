import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../../../config/app-config.js';
import { outcomeKind, outcomeProblem } from '../../../../engine/index.js';
import type { CaseSession } from '../../../cases/domain/case-session.js';
import { requireToleranceCleared } from '../../../cases/domain/tolerance.js';
import { requireNoCorrectionPending } from '../../../cases/domain/correction-pending.js';
import { loadJointOpinions } from '../../application/return-history.js';
import {
  isJointReview,
  type JointOpinionEntry,
  normaliseJointOpinion,
  reasonedDissents,
} from '../../domain/joint-opinions.js';
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
      requireNoCorrectionPending(s.row);
      if (task.kind !== 'user')
        throw AppError.conflict('TASK.NOT_A_USER_TASK', 'External tasks are completed by their worker');
      if (task.sign?.heldBy?.length)
        throw AppError.conflict(
          'TASK.WAITING_FOR_SIGNERS',
          'Persons added before you (前加签) review this task first',
          { signerTaskIds: task.sign.heldBy },
        );
      this.variablePolicy.checkWrite(request.variables, s.model);
      requireToleranceCleared(s, task.step);
      const variables = request.variables ?? {};
      let { outcome, opinion } = request;
      checkOutcome(task, outcome);
      // domain.md §6.2: one rule for every joint review (multi-instance or parallel branches).
      const joint = isJointReview(s.model, task);
      if (joint) {
        const n = normaliseJointOpinion(task, outcome, opinion, this.config.unreasonedReject);
        if (n === 'REASON_REQUIRED')
          throw AppError.invalid('TASK.OPINION_REQUIRED', 'A disagreement needs its reasons (opinion)');
        ({ outcome, opinion } = n);
      }
      const dissents = task.step === 'approve' ? await leadDecisionRule(s, outcome, opinion) : [];
      const onBehalfOf = task.on_behalf_of && task.on_behalf_of !== principal.id ? task.on_behalf_of : null;
      if (task.step === 'receive') await applyAcceptanceRules(s, task.element_id, { outcome, opinion, variables });
      // The completion is written first, so the timeline reads cause before consequence.
      await s.timeline({
        type: 'task.completed',
        elementId: task.element_id,
        name: task.name,
        opinion: opinion ?? null,
        // 代理: the proxy completes in their own name, on behalf of the person the task was meant for.
        data: {
          taskId,
          outcome: outcome ?? null,
          ...(joint ? { jointReview: true, department: task.candidate_departments[0] ?? null } : {}),
          ...(dissents.length > 0 ? { dissents } : {}),
          ...(onBehalfOf ? { onBehalfOf } : {}),
        },
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

/**
 * domain.md §6.2: a reasoned 不同意 does not veto, but the lead who decides against it (approves) must say
 * why (it bears the responsibility and explains itself to the dissenter); a refusal carries the dissents.
 * Returns the dissents, recorded with the decision.
 */
async function leadDecisionRule(
  s: CaseSession,
  outcome: string | undefined,
  opinion: string | undefined,
): Promise<JointOpinionEntry[]> {
  const dissents = reasonedDissents(await loadJointOpinions(s.tx, s.row.id));
  if (dissents.length > 0 && outcomeKind(outcome) === 'approved' && !opinion?.trim()) {
    throw AppError.invalid(
      'TASK.DISSENT_REASON_REQUIRED',
      `Deciding against ${dissents.length} reasoned dissent(s) needs the reasons (opinion): ${dissents
        .map((d) => `${d.department ?? d.elementId}: ${d.opinion ?? ''}`)
        .join('; ')}`,
    );
  }
  return dissents;
}

/** The engine's one outcome check, answered with the task's coded 422 before anything moves. */
function checkOutcome(task: TaskRow, outcome: string | undefined): void {
  const problem = outcomeProblem(task.outcomes, outcome);
  if (problem === 'OUTCOME_REQUIRED')
    throw AppError.invalid('TASK.OUTCOME_REQUIRED', `Choose an outcome: ${task.outcomes.join(', ')}`);
  if (problem === 'OUTCOME_NOT_ALLOWED')
    throw AppError.invalid('TASK.OUTCOME_NOT_ALLOWED', `Outcome ${outcome} is not one of ${task.outcomes.join(', ')}`);
}
