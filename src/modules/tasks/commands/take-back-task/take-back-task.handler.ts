import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError } from '../../../../shared/errors/app-error.js';
import type { CaseSession } from '../../../cases/domain/case-session.js';
import { TaskRunner } from '../../application/task-runner.js';
import { requireCaseActive, requireCaseRunning, requireTaskAction } from '../../domain/task-access.js';
import type { TaskRow } from '../../domain/task-row.js';
import { TaskView } from '../../dtos/task.view.js';
import { TakeBackTaskCommand } from './take-back-task.command.js';

/** Timeline entries that mean someone acted on a work item (claimed, handed on, completed, signed …). */
const ACTED = [
  'task.claimed',
  'task.delegated',
  'task.transferred',
  'task.completed',
  'task.returned',
  'task.signers_added',
  'task.taken_back',
];

/**
 * 撤回/拿回 (issue 13). The completer takes the task back while the work items their completion opened are
 * all still open and untouched: those are cancelled and the step opens again for them, in one command.
 * In a joint step that is still running, only their answer is withdrawn and their instance reopens (in a
 * sequential one, before the next department's instance, which must be untouched and is cancelled).
 * Otherwise 409 TASK.NEXT_STEP_ACTED (or TASK.NOTHING_TO_TAKE_BACK when the completion opened nothing).
 */
@CommandHandler(TakeBackTaskCommand)
export class TakeBackTaskHandler implements ICommandHandler<TakeBackTaskCommand> {
  constructor(private readonly tasks: TaskRunner) {}

  execute({ taskId, reason, principal: p }: TakeBackTaskCommand): Promise<TaskView> {
    return this.tasks.run(taskId, p, async (s, task) => {
      requireTaskAction('task.take-back', p, task);
      if (task.state !== 'completed')
        throw AppError.conflict(
          'TASK.NOT_COMPLETED',
          `Task ${taskId} is ${task.state}: only a completed task is taken back`,
        );
      if (task.completed_by !== p.id)
        throw AppError.forbidden('TASK.NOT_COMPLETER', 'Only the person who completed the task may take it back');
      requireCaseRunning(s.row);
      requireCaseActive(s.row.status);
      if (task.kind !== 'user') throw AppError.conflict('TASK.NOT_A_USER_TASK', 'Only user tasks are taken back');
      const prior = await s.tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'task.taken_back' AND data->>'taskId' = $2`,
        [s.row.id, taskId],
      );
      if ((prior[0]?.n ?? 0) > 0)
        throw AppError.conflict('TASK.ALREADY_TAKEN_BACK', `Task ${taskId} was taken back already`);
      const reopened = task.multi_instance ? await takeBackAnswer(s, task, p.id) : await takeBackStep(s, task, p.id);
      await s.timeline({
        type: 'task.taken_back',
        elementId: task.element_id,
        name: task.name,
        opinion: reason,
        data: { taskId, reopenedTaskId: reopened.task.id, cancelledTaskIds: reopened.cancelled },
      });
      await s.emit('task.taken_back', {
        taskId,
        elementId: task.element_id,
        reopenedTaskId: reopened.task.id,
        cancelledTaskIds: reopened.cancelled,
        reason,
        by: p.id,
      });
      return TaskView.from(reopened.task);
    });
  }
}

interface Reopened {
  task: TaskRow;
  cancelled: string[];
}

/** The items the completion opened: created by the same command (the same instant) as the completion. */
async function following(s: CaseSession, task: TaskRow): Promise<{ id: string; element_id: string; state: string }[]> {
  return s.tx.query(
    `SELECT id, element_id, state FROM work_item WHERE case_id = $1 AND created_at = $2 AND id <> $3 ORDER BY seq`,
    [s.row.id, task.completed_at, task.id],
  );
}

/** The items the completion opened, all still open and untouched (else 409 TASK.NEXT_STEP_ACTED). */
async function untouchedFollowers(s: CaseSession, task: TaskRow): Promise<{ id: string; element_id: string }[]> {
  const next = await following(s, task);
  if (next.some((n) => n.state !== 'open'))
    throw AppError.conflict('TASK.NEXT_STEP_ACTED', 'The next step has been completed: it cannot be taken back');
  await requireUntouched(
    s,
    next.map((n) => n.id),
  );
  return next;
}

async function requireUntouched(s: CaseSession, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const acted = await s.tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = ANY($2::text[]) AND data->>'taskId' = ANY($3::text[])`,
    [s.row.id, ACTED, ids],
  );
  if ((acted[0]?.n ?? 0) > 0)
    throw AppError.conflict(
      'TASK.NEXT_STEP_ACTED',
      'The next step has been claimed or worked on: it cannot be taken back',
    );
}

function reopenedTask(s: CaseSession, elementId: string, created: string[], assignee: string): TaskRow {
  const id = created.find((x) => s.task(x)?.element_id === elementId);
  if (!id) throw AppError.conflict('TASK.NOTHING_TO_TAKE_BACK', 'The step could not be opened again');
  return s.patchTask(id, { assignee });
}

async function takeBackStep(s: CaseSession, task: TaskRow, taker: string): Promise<Reopened> {
  const next = await untouchedFollowers(s, task);
  if (next.length === 0)
    throw AppError.conflict(
      'TASK.NOTHING_TO_TAKE_BACK',
      'The completion opened no next step (it waits for other branches, or the case moved on)',
    );
  // The case status the completion set (e.g. 受理 → ACCEPTED) goes back to what it was before it.
  const [before] = await s.tx.query<{ status_after: string }>(
    `SELECT status_after FROM case_event WHERE case_id = $1 AND type = 'task.completed' AND data->>'taskId' = $2 ORDER BY seq DESC LIMIT 1`,
    [s.row.id, task.id],
  );
  const effects = await s.advance({
    type: 'modify',
    fromElementIds: [...new Set(next.map((n) => n.element_id))],
    toElementId: task.element_id,
  });
  if (before && before.status_after !== s.row.status) await s.setStatus(before.status_after, task.element_id);
  const created = effects.filter((e) => e.type === 'task.created').map((e) => e.taskId);
  return { task: reopenedTask(s, task.element_id, created, taker), cancelled: next.map((n) => n.id) };
}

async function takeBackAnswer(s: CaseSession, task: TaskRow, taker: string): Promise<Reopened> {
  const stillRunning = s.state.scopes.some((x) => x.kind === 'multiInstanceBody' && x.elementId === task.element_id);
  if (!stillRunning) return takeBackStep(s, task, taker);
  // In a sequential step the answer opened the next department's instance: it must be untouched, and
  // it is cancelled and queued again after the reopened one (the engine refuses an earlier answer).
  const sequential = s.model.nodes.get(task.element_id)?.multiInstance?.sequential === true;
  const cancelled = sequential ? (await untouchedFollowers(s, task)).map((n) => n.id) : [];
  const effects = await s.advance({ type: 'reopenJointInstance', taskId: task.id, assignee: taker });
  const created = effects.filter((e) => e.type === 'task.created').map((e) => e.taskId);
  return { task: reopenedTask(s, task.element_id, created, taker), cancelled };
}
