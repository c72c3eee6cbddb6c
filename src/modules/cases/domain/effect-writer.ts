import type { Effect, TaskCreatedEffect } from '../../../engine/index.js';
import { randomUUID } from 'node:crypto';
import { scheduleTimeout } from '../../tasks/domain/task-timeouts.js';
import type { CaseCommand } from './case-port.js';

/**
 * Turns engine effects into planned rows: work items, jobs, subscriptions, status and timeline entries,
 * outbox events. The engine decided; this only records, in the command's change set.
 */
export function recordEffects(s: CaseCommand, effects: readonly Effect[]): void {
  for (const e of effects) recordEffect(s, e);
}

function recordEffect(s: CaseCommand, e: Effect): void {
  const { row, now } = s;
  switch (e.type) {
    case 'task.created':
      recordUserTask(s, e);
      return;
    case 'task.cancelled':
    case 'externalTask.cancelled':
      if (s.task(e.taskId)?.state === 'open') s.patchTask(e.taskId, { state: 'cancelled', completed_at: now });
      return;
    case 'task.signersChanged':
      s.setTaskSign(e.taskId, e.signers);
      void s.emit('task.signers_changed', { taskId: e.taskId, elementId: e.elementId, ...e.signers });
      return;
    case 'task.completed':
      return; // the completing command writes the work item itself (it knows the actor)
    case 'externalTask.created':
      s.addTask({
        id: e.taskId,
        case_id: row.id,
        case_no: row.case_no,
        kind: 'external',
        element_id: e.elementId,
        name: e.name,
        step: null,
        state: 'open',
        assignee: null,
        owner: null,
        candidate_departments: [row.department],
        candidate_roles: [],
        candidate_users: [],
        outcomes: [],
        silence_consent: false,
        multi_instance: null,
        joint_opinions: null,
        topic: e.topic,
        retries: null,
        due_at: null,
        created_at: now,
      });
      void s.emit('task.created', {
        taskId: e.taskId,
        elementId: e.elementId,
        name: e.name,
        kind: 'external',
        topic: e.topic,
      });
      return;
    case 'job.scheduled':
      s.scheduleJob({
        id: e.jobId,
        kind: 'timer',
        elementId: e.elementId,
        dueAt: e.dueAt,
        payload: { jobId: e.jobId },
      });
      return;
    case 'job.cancelled':
      s.cancelJob(e.jobId);
      return;
    case 'subscription.opened':
      s.openSubscription({
        id: e.subscriptionId,
        elementId: e.elementId,
        messageName: e.messageName,
        correlationKey: e.correlationKey,
      });
      return;
    case 'subscription.closed':
      s.closeSubscription(e.subscriptionId);
      return;
    case 'status.changed':
      void s.setStatus(e.status, e.elementId);
      return;
    case 'clock':
      recordClock(s, e.action, e.elementId);
      return;
    case 'element.entered':
    case 'element.left':
      return; // the timeline records tasks, decisions and statuses, not every gateway pass
    case 'callActivity.started':
      // The child case opens when this command saves (CallActivities), in the same transaction.
      s.calls.started.push(e);
      void s.timeline({
        type: 'call.started',
        elementId: e.elementId,
        data: { processKey: e.processKey, callId: e.callId },
      });
      return;
    case 'callActivity.cancelled':
      s.calls.cancelled.push(e.callId);
      void s.timeline({ type: 'call.cancelled', elementId: e.elementId, data: { callId: e.callId } });
      return;
    case 'incident.raised':
      void s.timeline({ type: 'incident', elementId: e.elementId, data: { message: e.message, taskId: e.taskId } });
      void s.emit('incident.raised', { elementId: e.elementId, taskId: e.taskId, message: e.message });
      return;
    case 'case.ended':
      row.ended_at = now;
      void s.timeline({ type: 'case.ended', elementId: e.elementId, data: { outcome: e.outcome } });
      void s.emit('case.ended', { outcome: e.outcome, status: row.status, elementId: e.elementId });
      return;
  }
}

function recordUserTask(s: CaseCommand, e: TaskCreatedEffect): void {
  const { row, now } = s;
  // A task without any candidate stays with the case's handling department, so someone sees it.
  const departments =
    e.candidateDepartments.length || e.assignee || e.candidateUsers.length ? e.candidateDepartments : [row.department];
  s.addTask({
    id: e.taskId,
    case_id: row.id,
    case_no: row.case_no,
    kind: 'user',
    element_id: e.elementId,
    name: e.name,
    step: e.step,
    state: 'open',
    assignee: e.assignee,
    owner: null,
    candidate_departments: departments,
    candidate_roles: e.candidateRoles,
    candidate_users: e.candidateUsers,
    outcomes: e.outcomes,
    silence_consent: e.silenceConsent,
    multi_instance: e.multiInstance ?? null,
    joint_opinions: e.jointOpinions ?? null,
    topic: null,
    retries: null,
    due_at: e.dueAt,
    created_at: now,
  });
  if (e.sign) s.setTaskSign(e.taskId, e.sign);
  // A step's timeout policy counts from its task's opening (an added signer's task has none of its own).
  const timeout = s.model.nodes.get(e.elementId)?.timeout;
  if (timeout && !e.sign && s.calendar)
    scheduleTimeout(s, s.calendar, {
      taskId: e.taskId,
      elementId: e.elementId,
      firing: 1,
      after: timeout.after,
      newId: randomUUID,
    });
  const sign = e.sign ? { signOf: e.sign.of, signMode: e.sign.mode, assignee: e.assignee } : {};
  void s.timeline({
    type: 'task.created',
    elementId: e.elementId,
    name: e.name,
    data: { taskId: e.taskId, candidateDepartments: departments, ...sign },
  });
  void s.emit('task.created', {
    taskId: e.taskId,
    elementId: e.elementId,
    name: e.name,
    kind: 'user',
    candidateDepartments: departments,
    ...sign,
  });
}

/** Clock events are kept on the case; the timing module turns them into due dates. */
function recordClock(s: CaseCommand, action: string, elementId: string | null): void {
  const events = Array.isArray(s.row.clocks.events) ? (s.row.clocks.events as unknown[]) : [];
  s.row.clocks = { ...s.row.clocks, events: [...events, { action, at: s.now.toISOString(), elementId }] };
  void s.timeline({ type: `clock.${action}`, elementId });
}
