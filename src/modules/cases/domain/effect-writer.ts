import type { Effect, TaskCreatedEffect } from '../../../engine/index.js';
import { deliverBufferedMessages } from '../../integration/messages/domain/buffered-messages.js';
import type { CaseSession } from './case-session.js';

/**
 * Turns engine effects into rows: work items, jobs, subscriptions, status and timeline entries, outbox
 * events. The engine decided; this only records, in the command's transaction.
 */
export async function applyEffects(s: CaseSession, effects: Effect[]): Promise<void> {
  for (const e of effects) await applyEffect(s, e);
  // A message that arrived before its catch event (buffered with a TTL) is delivered now, same transaction.
  if (effects.some((e) => e.type === 'subscription.opened')) await deliverBufferedMessages(s, effects);
}

async function applyEffect(s: CaseSession, e: Effect): Promise<void> {
  const { tx, row, now } = s;
  switch (e.type) {
    case 'task.created':
      await insertUserTask(s, e);
      return;
    case 'task.cancelled':
    case 'externalTask.cancelled':
      await tx.query(`UPDATE work_item SET state = 'cancelled', completed_at = $2 WHERE id = $1 AND state = 'open'`, [
        e.taskId,
        now,
      ]);
      return;
    case 'task.completed':
      return; // the completing command writes the work item itself (it knows the actor)
    case 'externalTask.created':
      await tx.query(
        `INSERT INTO work_item (id, case_id, case_no, kind, element_id, name, state, topic, created_at, candidate_departments)
         VALUES ($1,$2,$3,'external',$4,$5,'open',$6,$7,$8)`,
        [e.taskId, row.id, row.case_no, e.elementId, e.name, e.topic, now, [row.department]],
      );
      await s.emit('task.created', {
        taskId: e.taskId,
        elementId: e.elementId,
        name: e.name,
        kind: 'external',
        topic: e.topic,
      });
      return;
    case 'job.scheduled':
      await tx.query(
        `INSERT INTO job (id, case_id, kind, element_id, due_at, payload) VALUES ($1,$2,'timer',$3,$4,$5)`,
        [e.jobId, row.id, e.elementId, e.dueAt, JSON.stringify({ jobId: e.jobId })],
      );
      return;
    case 'job.cancelled':
      await tx.query(`UPDATE job SET state = 'cancelled', done_at = $2 WHERE id = $1 AND state = 'scheduled'`, [
        e.jobId,
        now,
      ]);
      return;
    case 'subscription.opened':
      await tx.query(
        `INSERT INTO message_subscription (id, case_id, element_id, message_name, correlation_key) VALUES ($1,$2,$3,$4,$5)`,
        [e.subscriptionId, row.id, e.elementId, e.messageName, e.correlationKey],
      );
      return;
    case 'subscription.closed':
      await tx.query('DELETE FROM message_subscription WHERE id = $1', [e.subscriptionId]);
      return;
    case 'status.changed':
      await s.setStatus(e.status, e.elementId);
      return;
    case 'clock':
      await recordClock(s, e.action, e.elementId);
      return;
    case 'element.entered':
    case 'element.left':
      return; // the timeline records tasks, decisions and statuses, not every gateway pass
    case 'callActivity.started':
      // The child case opens when this command saves (CallActivities), in the same transaction.
      s.calls.started.push(e);
      await s.timeline({
        type: 'call.started',
        elementId: e.elementId,
        data: { processKey: e.processKey, callId: e.callId },
      });
      return;
    case 'callActivity.cancelled':
      s.calls.cancelled.push(e.callId);
      await s.timeline({ type: 'call.cancelled', elementId: e.elementId, data: { callId: e.callId } });
      return;
    case 'incident.raised':
      await s.timeline({ type: 'incident', elementId: e.elementId, data: { message: e.message, taskId: e.taskId } });
      await s.emit('incident.raised', { elementId: e.elementId, taskId: e.taskId, message: e.message });
      return;
    case 'case.ended':
      row.ended_at = now;
      await s.timeline({ type: 'case.ended', elementId: e.elementId, data: { outcome: e.outcome } });
      await s.emit('case.ended', { outcome: e.outcome, status: row.status, elementId: e.elementId });
      return;
  }
}

async function insertUserTask(s: CaseSession, e: TaskCreatedEffect): Promise<void> {
  const { tx, row, now } = s;
  // A task without any candidate stays with the case's handling department, so someone sees it.
  const departments =
    e.candidateDepartments.length || e.assignee || e.candidateUsers.length ? e.candidateDepartments : [row.department];
  await tx.query(
    `INSERT INTO work_item (id, case_id, case_no, kind, element_id, name, step, state, assignee, candidate_departments,
       candidate_roles, candidate_users, outcomes, silence_consent, multi_instance, joint_opinions, due_at, created_at)
     VALUES ($1,$2,$3,'user',$4,$5,$6,'open',$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
    [
      e.taskId,
      row.id,
      row.case_no,
      e.elementId,
      e.name,
      e.step,
      e.assignee,
      departments,
      e.candidateRoles,
      e.candidateUsers,
      e.outcomes,
      e.silenceConsent,
      e.multiInstance ? JSON.stringify(e.multiInstance) : null,
      e.jointOpinions ? JSON.stringify(e.jointOpinions) : null,
      e.dueAt,
      now,
    ],
  );
  await s.timeline({
    type: 'task.created',
    elementId: e.elementId,
    name: e.name,
    data: { taskId: e.taskId, candidateDepartments: departments },
  });
  await s.emit('task.created', {
    taskId: e.taskId,
    elementId: e.elementId,
    name: e.name,
    kind: 'user',
    candidateDepartments: departments,
  });
}

/** Clock events are kept on the case; the timing module turns them into due dates. */
async function recordClock(s: CaseSession, action: string, elementId: string | null): Promise<void> {
  const events = Array.isArray(s.row.clocks.events) ? (s.row.clocks.events as unknown[]) : [];
  s.row.clocks = { ...s.row.clocks, events: [...events, { action, at: s.now.toISOString(), elementId }] };
  await s.timeline({ type: `clock.${action}`, elementId });
}
