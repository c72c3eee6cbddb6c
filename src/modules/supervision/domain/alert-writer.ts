import { randomUUID } from 'node:crypto';
import type { CaseSession } from '../../cases/domain/case-session.js';
import type { AlertSummary, NewAlert } from './alert-rules.js';

/** Working days an agency has to answer an e-supervision 督办 (domain.md §5.4). */
const RESPOND_WITHIN_WD = 5;

/**
 * Records alerts in the case's transaction: a supervision_alert row (once per case and key, the unique
 * index guarding against a second node), an `alert.raised` timeline entry and an outbox event.
 */
export async function raiseAlerts(s: CaseSession, alerts: NewAlert[], summaries: AlertSummary[]): Promise<void> {
  const { row, now, tx } = s;
  for (const a of alerts) {
    const id = randomUUID();
    const escalatedFrom = a.escalatedFromKey ? summaries.find((x) => x.key === a.escalatedFromKey)?.id : undefined;
    const respondBy = s.calendar ? s.calendar.addWorkingDays(now.toISOString(), RESPOND_WITHIN_WD) : null;
    const inserted = await tx.query(
      `INSERT INTO supervision_alert (id, case_id, case_no, region_code, department, item_code, element_id, task_id,
         level, trigger_code, dedup_key, occurred_at, detected_at, due_to_respond_at, resolved_at, escalated_from_id, data)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
       ON CONFLICT (case_id, dedup_key) DO NOTHING RETURNING id`,
      [
        id,
        row.id,
        row.case_no,
        row.region_code,
        a.department ?? row.department,
        row.item_code,
        a.elementId,
        a.taskId,
        a.level,
        a.triggerCode,
        a.key,
        a.occurredAt,
        now,
        respondBy,
        a.resolved ? now : null,
        escalatedFrom ?? null,
        JSON.stringify(a.data),
      ],
    );
    if (inserted.length === 0) continue;
    summaries.push({
      key: a.key,
      id,
      level: a.level,
      triggerCode: a.triggerCode,
      occurredAt: a.occurredAt,
      resolvedAt: a.resolved ? now.toISOString() : null,
    });
    const body = {
      alertId: id,
      level: a.level,
      triggerCode: a.triggerCode,
      occurredAt: a.occurredAt,
      elementId: a.elementId,
      taskId: a.taskId,
      department: a.department ?? row.department,
      escalatedFromId: escalatedFrom ?? null,
      ...a.data,
    };
    await s.timeline({ type: 'alert.raised', elementId: a.elementId, data: body });
    await s.emit('alert.raised', body);
  }
}

export async function resolveAlerts(s: CaseSession, keys: string[], summaries: AlertSummary[]): Promise<void> {
  const ids: string[] = [];
  for (const k of keys) {
    const a = summaries.find((x) => x.key === k);
    if (!a || a.resolvedAt) continue;
    a.resolvedAt = s.now.toISOString();
    ids.push(a.id);
  }
  if (ids.length)
    await s.tx.query(
      'UPDATE supervision_alert SET resolved_at = $2 WHERE id = ANY($1::uuid[]) AND resolved_at IS NULL',
      [ids, s.now],
    );
}
