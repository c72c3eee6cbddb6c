import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Effect } from '../../../../engine/index.js';
import { authoriseCase, loadCaseFacts } from '../../../../shared/auth/access-policy.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { CaseRunner } from '../../../cases/application/case-runner.js';
import { actorOf } from '../../../cases/domain/case-row.js';
import type { CaseSession } from '../../../cases/domain/case-session.js';
import { requireCaseActive, requireCaseRunning } from '../../domain/task-access.js';
import { TaskView } from '../../dtos/task.view.js';
import type { JointSignersView } from './joint-signers.view.js';
import { ChangeJointSignersCommand } from './signers.command.js';
import type { AddJointSignersRequestDto, RemoveJointSignersRequestDto } from './signers.request.dto.js';

/**
 * 加签/减签 on a joint step (issue 13): one case command. Adding opens one instance per co-department or
 * person in the running step, counted by its policy; removing cancels open instances and recounts (the
 * step may complete at once, e.g. ALL when everyone left has approved). Concurrent completions of the
 * same step serialise on the case row, so the counts never see half of another command.
 */
@CommandHandler(ChangeJointSignersCommand)
export class ChangeJointSignersHandler implements ICommandHandler<ChangeJointSignersCommand> {
  constructor(private readonly runner: CaseRunner) {}

  execute({ caseId, change, principal: p }: ChangeJointSignersCommand): Promise<JointSignersView> {
    return this.runner.run(caseId, actorOf(p), 'UI', async (s) => {
      const action = change.kind === 'add' ? 'case.add-signers' : 'case.remove-signers';
      authoriseCase(action, p, caseId, await loadCaseFacts(s.tx, s.row));
      requireCaseRunning(s.row);
      requireCaseActive(s.row.status);
      return change.kind === 'add' ? add(s, change, p) : remove(s, change, p);
    });
  }
}

function openTasksCreated(s: CaseSession, effects: Effect[]): TaskView[] {
  return effects
    .filter((e) => e.type === 'task.created')
    .map((e) => s.task(e.taskId))
    .filter((t) => t !== undefined)
    .map((t) => TaskView.from(t));
}

function stepRunning(s: CaseSession, elementId: string): boolean {
  return s.state.scopes.some((x) => x.kind === 'multiInstanceBody' && x.elementId === elementId);
}

async function add(s: CaseSession, req: AddJointSignersRequestDto, p: Principal): Promise<JointSignersView> {
  const departments = req.departments ?? [];
  const users = req.users ?? [];
  if (departments.length + users.length === 0)
    throw AppError.badRequest('TASK.SIGNERS_REQUIRED', 'Name at least one department or user to add');
  const body = s.state.scopes.find((x) => x.kind === 'multiInstanceBody' && x.elementId === req.elementId);
  if (!body?.mi)
    throw AppError.conflict('TASK.JOINT_STEP_NOT_RUNNING', `No joint step ${req.elementId} is running on this case`);
  // Someone already reviewing in the step is not added twice (an open instance of that department or person).
  const open = s.openTasks().filter((t) => t.element_id === req.elementId && t.multi_instance);
  const dupDept = departments.find((d) =>
    open.some((t) => t.assignee === null && t.candidate_departments.length === 1 && t.candidate_departments[0] === d),
  );
  const dupUser = users.find((u) => open.some((t) => t.assignee === u.id));
  if (dupDept || dupUser)
    throw AppError.conflict(
      'TASK.SIGNER_ALREADY_PRESENT',
      `${dupDept ?? dupUser?.id ?? ''} already has an open instance of ${req.elementId}`,
    );
  // An added instance's element looks like the step's others: a code, or an object with a department field.
  const first = body.mi.items?.[0];
  const asElement = (dept: string): unknown =>
    first && typeof first === 'object' && 'department' in first ? { department: dept } : dept;
  const instances = [
    ...departments.map((d) => ({ element: asElement(d) })),
    ...users.map((u) => ({ element: asElement(u.department), assignee: u.id })),
  ];
  await s.timeline({
    type: 'task.signers_added',
    elementId: req.elementId,
    opinion: req.reason,
    data: { departments, users: users.map((u) => ({ id: u.id, department: u.department })) },
  });
  const effects = await s.advance({ type: 'addJointInstances', elementId: req.elementId, instances });
  const tasks = openTasksCreated(s, effects).filter((t) => t.elementId === req.elementId);
  await s.emit('task.signers_added', {
    elementId: req.elementId,
    departments,
    users: users.map((u) => ({ id: u.id, department: u.department })),
    taskIds: tasks.map((t) => t.id),
    reason: req.reason,
    by: p.id,
  });
  return { caseId: s.row.id, elementId: req.elementId, tasks, stepRunning: stepRunning(s, req.elementId) };
}

async function remove(s: CaseSession, req: RemoveJointSignersRequestDto, p: Principal): Promise<JointSignersView> {
  const targets = req.taskIds.map((id) => {
    const t = s.task(id);
    // Another case's task (or one of this case's that is not open) is not found here: ids cannot be probed.
    if (!t || t.case_id !== s.row.id) throw AppError.notFound('TASK.NOT_FOUND', `No open task ${id} on this case`);
    if (t.state !== 'open')
      throw AppError.conflict('TASK.NOT_OPEN', `Task ${id} is ${t.state}`, { taskId: id, taskState: t.state });
    if (!t.multi_instance || t.sign)
      throw AppError.conflict('TASK.NOT_A_JOINT_INSTANCE', `Task ${id} is not an instance of a joint step`);
    return t;
  });
  const elementId = targets[0]?.element_id ?? '';
  if (targets.some((t) => t.element_id !== elementId))
    throw AppError.badRequest('TASK.MIXED_JOINT_STEPS', 'Remove instances of one joint step at a time');
  await s.timeline({
    type: 'task.signers_removed',
    elementId,
    opinion: req.reason,
    data: {
      taskIds: req.taskIds,
      departments: targets.map((t) => t.candidate_departments[0] ?? null),
      assignees: targets.map((t) => t.assignee),
    },
  });
  const removed: TaskView[] = [];
  for (const t of targets) {
    // Removing one may complete the step, which cancels the others named: that is a conflict, not a partial success.
    if (s.task(t.id)?.state !== 'open')
      throw AppError.conflict('TASK.NOT_OPEN', `Removing the instances before ${t.id} completed the joint step`);
    await s.advance({ type: 'removeJointInstance', taskId: t.id });
    const after = s.task(t.id);
    if (after) removed.push(TaskView.from(after));
  }
  await s.emit('task.signers_removed', {
    elementId,
    taskIds: req.taskIds,
    departments: targets.map((t) => t.candidate_departments[0] ?? null),
    reason: req.reason,
    by: p.id,
  });
  return { caseId: s.row.id, elementId, tasks: removed, stepRunning: stepRunning(s, elementId) };
}
