import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Effect, isRejectOutcome, type TaskCreatedEffect, type UserTaskDef } from '../../../engine/index.js';
import { AppError } from '../../../shared/errors/app-error.js';
import { CaseRunner } from '../../cases/application/case-runner.js';
import type { CaseCommand, CaseEffectHandler } from '../../cases/domain/case-port.js';
import type { TaskRow } from '../domain/task-row.js';
import { planCopies } from './copies.js';
import { ProxyDirectory } from './proxy-directory.js';

/** Who completes a task the engine or a policy decided (the timeline's actor stays the command's). */
export const SYSTEM_APPROVER = 'system';

/** Tasks a policy completed in a command: their completion is nobody's approval (no cascade from it). */
const autoCompleted = new WeakMap<CaseCommand, Set<string>>();

/**
 * What happens when the engine enters a node, as far as people are concerned (ADR 0018):
 * `tb:cc` copies the case; a task for someone with a standing proxy goes to the proxy; a task whose
 * candidates resolve to nobody follows `tb:emptyAssignee`; `tb:skipSameAssignee` approves a task the
 * person who just approved the previous step would get again. All planned in the command's change set.
 */
@Injectable()
export class PeopleEffects implements CaseEffectHandler, OnModuleInit {
  constructor(
    private readonly cases: CaseRunner,
    private readonly proxies: ProxyDirectory,
  ) {}

  onModuleInit(): void {
    this.cases.useEffectHandler(this);
  }

  async afterEffects(s: CaseCommand, effects: readonly Effect[]): Promise<void> {
    const completed = effects.find(
      (e): e is Extract<Effect, { type: 'task.completed' }> =>
        e.type === 'task.completed' && !isRejectOutcome(e.outcome) && !autoCompleted.get(s)?.has(e.taskId),
    );
    for (const e of effects) {
      if (e.type === 'element.entered') {
        const cc = s.model.nodes.get(e.elementId)?.cc;
        if (cc)
          await planCopies(s, {
            users: cc.users,
            departments: cc.departments,
            note: cc.note,
            taskId: null,
            elementId: e.elementId,
            name: e.name,
          });
      }
      if (e.type === 'task.created') await this.taskCreated(s, e, completed !== undefined);
    }
  }

  private async taskCreated(s: CaseCommand, e: TaskCreatedEffect, afterApproval: boolean): Promise<void> {
    const def = s.model.nodes.get(e.elementId)?.userTask;
    const task = s.task(e.taskId);
    if (!def || !task || task.state !== 'open') return;
    const nobody = e.candidateDepartments.length === 0 && e.candidateUsers.length === 0 && !e.assignee;
    // A node that names no candidates at all goes to the handling department (as before); one whose
    // candidates resolve to nobody, or that declares a policy, follows it (default `admin`).
    if (nobody && (def.emptyAssignee !== null || declaresCandidates(def))) {
      await this.emptyAssignee(s, task, def.emptyAssignee ?? 'admin');
      return;
    }
    const meant = task.assignee ?? (task.candidate_users.length === 1 ? task.candidate_users[0]! : null);
    if (def.skipSameAssignee && afterApproval && meant === s.actor.id) {
      await autoApprove(s, task, '与上一步审批人相同，自动通过', 'SAME_ASSIGNEE');
      return;
    }
    if (task.assignee) {
      const proxy = this.proxies.activeFor(task.assignee, s.now);
      if (proxy) await assignToProxy(s, task, proxy.proxyId, 'task.created');
    }
  }

  private async emptyAssignee(s: CaseCommand, task: TaskRow, policy: 'admin' | 'autoApprove' | 'error'): Promise<void> {
    if (policy === 'error')
      throw AppError.invalid(
        'TASK.EMPTY_ASSIGNEE',
        `Nobody can be found to handle ${task.name ?? task.element_id} (tb:emptyAssignee="error")`,
      );
    if (policy === 'autoApprove') {
      await autoApprove(s, task, '审批人为空，系统自动通过', 'EMPTY_ASSIGNEE');
      return;
    }
    // admin: the task goes to the admins (oversight sees and completes every task), and supervision is told.
    s.patchTask(task.id, { candidate_departments: [] });
    await s.timeline({
      type: 'task.assignee_empty',
      elementId: task.element_id,
      name: task.name,
      data: { taskId: task.id, policy },
    });
    await s.emit('task.assignee_empty', { taskId: task.id, elementId: task.element_id, name: task.name, policy });
    await s.raiseAlert({
      key: `EMPTY_ASSIGNEE:${task.id}`,
      level: 'YELLOW',
      triggerCode: 'EMPTY_ASSIGNEE',
      occurredAt: s.now.toISOString(),
      elementId: task.element_id,
      taskId: task.id,
      department: null,
      data: { taskId: task.id, name: task.name },
    });
  }
}

function declaresCandidates(def: UserTaskDef): boolean {
  return [def.candidateDepartments, def.candidateUsers, def.assignee].some(
    (v) => v.kind === 'expr' || v.values.length > 0,
  );
}

/** Hands a task to the proxy of the person it names: both names are recorded, on the item and in the timeline. */
export async function assignToProxy(s: CaseCommand, task: TaskRow, proxyId: string, why: string): Promise<TaskRow> {
  const onBehalfOf = task.on_behalf_of ?? task.assignee;
  const row = s.patchTask(task.id, { assignee: proxyId });
  s.stageRows({ table: 'work_item', op: 'update', rows: [{ id: task.id, on_behalf_of: onBehalfOf }] });
  const after = { ...row, on_behalf_of: onBehalfOf };
  await s.timeline({
    type: 'task.proxied',
    elementId: task.element_id,
    name: task.name,
    data: { taskId: task.id, onBehalfOf, proxy: proxyId, via: why },
  });
  await s.emit('task.proxied', { taskId: task.id, elementId: task.element_id, onBehalfOf, proxy: proxyId });
  return after;
}

/** Completes a task by policy, with a system opinion that says why (the engine moves on in the same command). */
async function autoApprove(s: CaseCommand, task: TaskRow, opinion: string, reason: string): Promise<void> {
  const outcome =
    task.outcomes.length > 0 ? (task.outcomes.find((o) => !isRejectOutcome(o)) ?? task.outcomes[0]) : undefined;
  const data = { taskId: task.id, outcome: outcome ?? null, reason, auto: true };
  autoCompleted.set(s, (autoCompleted.get(s) ?? new Set<string>()).add(task.id));
  await s.timeline({ type: 'task.auto_approved', elementId: task.element_id, name: task.name, opinion, data });
  await s.emit('task.completed', {
    taskId: task.id,
    elementId: task.element_id,
    name: task.name,
    outcome: outcome ?? null,
    opinion,
    by: SYSTEM_APPROVER,
    reason,
  });
  s.patchTask(task.id, {
    state: 'completed',
    outcome: outcome ?? null,
    opinion,
    completed_at: s.now,
    completed_by: SYSTEM_APPROVER,
  });
  await s.advance({
    type: 'completeTask',
    taskId: task.id,
    ...(outcome !== undefined ? { outcome } : {}),
    opinion,
    variables: {},
  });
}
