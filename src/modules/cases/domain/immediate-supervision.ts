import { randomUUID } from 'node:crypto';
import type { Effect } from '../../../engine/index.js';
import type { CaseCommand, CaseEffectHandler } from './case-port.js';
import type { CaseSession } from './case-session.js';
import { DECIDED, TERMINAL } from './case-status.js';
import { JOB_KIND_IMMEDIATE_SAME_DAY } from './on-the-spot.js';

/** The end of the receipt day in Beijing (即办件: 当场办结, the same working day). */
export function endOfBeijingDay(instant: Date): string {
  const day = new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${day}T23:59:59.999+08:00`).toISOString();
}

/**
 * 即办件 are finished on the spot (domain.md §4.1): when a new case of an IMMEDIATE item is opened, a job is
 * scheduled for the end of its receipt day, and a case still undecided then raises a yellow card.
 */
export class ImmediateSameDayHandler implements CaseEffectHandler {
  afterEffects(s: CaseCommand, _effects: readonly Effect[]): Promise<void> {
    if (s.stored || s.row.handling_type !== 'IMMEDIATE' || s.row.clocks.sameDayJob) return Promise.resolve();
    const jobId = randomUUID();
    const dueAt = endOfBeijingDay(s.row.received_at);
    s.row.clocks = { ...s.row.clocks, sameDayJob: { id: jobId, dueAt } };
    s.scheduleJob({
      id: jobId,
      kind: JOB_KIND_IMMEDIATE_SAME_DAY,
      elementId: null,
      dueAt: new Date(Date.parse(dueAt) + 1).toISOString(),
      payload: { caseId: s.row.id },
    });
    return Promise.resolve();
  }
}

export async function sameDayMissed(s: CaseSession, jobId: string): Promise<void> {
  if (DECIDED.has(s.row.status) || TERMINAL.has(s.row.status) || s.row.decision_at || s.row.ended_at) return;
  const due = (s.row.clocks.sameDayJob as { dueAt?: string } | undefined)?.dueAt ?? s.now.toISOString();
  await s.raiseAlert({
    key: `immediate-same-day:${jobId}`,
    level: 'YELLOW',
    triggerCode: 'IMMEDIATE_NOT_SAME_DAY',
    occurredAt: due,
    elementId: null,
    taskId: null,
    department: null,
    escalatedFromKey: null,
    data: { dueAt: due, rule: '即办件应当场办结' },
    resolved: false,
  });
}
