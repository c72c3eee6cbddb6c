import { randomUUID } from 'node:crypto';
import type { Effect, TaskCreatedEffect } from '../../../engine/index.js';
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
    case 'signal.subscribed':
    case 'signal.unsubscribed':
    case 'signal.thrown':
    case 'signal.received':
    case 'escalation.raised':
    case 'condition.met':
      recordEventEffect(s, e);
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
    case 'compensation.started':
    case 'compensation.completed': {
      // An undo (a voided certificate number, a withdrawn fee notice) is as much part of the record as the step it undoes.
      const data = { handlerId: e.handlerId, ...(e.type === 'compensation.started' ? { thrownBy: e.thrownBy } : {}) };
      void s.timeline({ type: e.type, elementId: e.elementId, data });
      void s.emit(e.type, { elementId: e.elementId, ...data });
      return;
    }
    case 'transaction.cancelled':
      void s.timeline({ type: e.type, elementId: e.elementId, data: { cancelEventId: e.cancelEventId } });
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

type EventEffect = Extract<
  Effect,
  {
    type:
      | 'signal.subscribed'
      | 'signal.unsubscribed'
      | 'signal.thrown'
      | 'signal.received'
      | 'escalation.raised'
      | 'condition.met';
  }
>;

/** Job kind of a broadcast's fan-out (the signals module runs it): one delivery job per subscribed case. */
export const JOB_KIND_SIGNAL_FANOUT = 'signal.fanout';

/**
 * Signals, escalations and conditions (ADR 0020). A signal subscription is a row a broadcast finds; a
 * thrown signal is a broadcast whose fan-out runs as a job after this command commits (it never reaches
 * into other cases from inside this one); an escalation nothing caught is left for the parent's call.
 */
function recordEventEffect(s: CaseCommand, e: EventEffect): void {
  const { row, now } = s;
  switch (e.type) {
    case 'signal.subscribed':
      s.stageRows({
        table: 'signal_subscription',
        op: 'upsert',
        rows: [{ id: e.subscriptionId, case_id: row.id, element_id: e.elementId, signal_name: e.signalName }],
      });
      return;
    case 'signal.unsubscribed':
      s.stageRows({ table: 'signal_subscription', op: 'delete', rows: [{ id: e.subscriptionId }] });
      return;
    case 'signal.thrown': {
      const broadcastId = randomUUID();
      s.stageRows({
        table: 'signal_broadcast',
        op: 'upsert',
        rows: [
          {
            id: broadcastId,
            name: e.signalName,
            source: 'case',
            source_case_id: row.id,
            source_element_id: e.elementId,
            sender_id: s.actor.id,
            sender_name: s.actor.name,
            sender_department: row.department,
            region_code: row.region_code,
            variables: e.variables ?? {},
          },
        ],
      });
      s.scheduleJob({
        id: randomUUID(),
        kind: JOB_KIND_SIGNAL_FANOUT,
        elementId: e.elementId,
        dueAt: now.toISOString(),
        payload: { broadcastId },
      });
      void s.timeline({
        type: 'signal.thrown',
        elementId: e.elementId,
        // Names only, as for messages: the values are in the case's variables and the broadcast row.
        data: {
          signalName: e.signalName,
          broadcastId,
          ...(e.variables ? { variables: Object.keys(e.variables) } : {}),
        },
      });
      void s.emit('signal.thrown', { elementId: e.elementId, signalName: e.signalName, broadcastId });
      return;
    }
    case 'signal.received':
      void s.timeline({
        type: 'signal.received',
        elementId: e.elementId,
        data: { signalName: e.signalName, subscriptionId: e.subscriptionId },
      });
      void s.emit('signal.received', { elementId: e.elementId, signalName: e.signalName });
      return;
    case 'escalation.raised':
      void s.timeline({
        type: 'escalation.raised',
        elementId: e.elementId,
        data: { escalationCode: e.escalationCode, caughtBy: e.caughtBy },
      });
      void s.emit('escalation.raised', {
        elementId: e.elementId,
        escalationCode: e.escalationCode,
        caughtBy: e.caughtBy,
      });
      if (e.caughtBy === null) s.calls.escalated.push({ elementId: e.elementId, escalationCode: e.escalationCode });
      return;
    case 'condition.met':
      void s.timeline({ type: 'condition.met', elementId: e.elementId });
      return;
  }
}
