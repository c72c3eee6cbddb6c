import type { AlertRow } from '../../cases/domain/change-set.js';
import type { NewAlert } from './alert-rules.js';

/** Working days an agency has to answer an e-supervision 督办 (domain.md §5.4). */
export const RESPOND_WITHIN_WD = 5;

/** The case an alert is about, as its record carries it. */
export interface AlertCase {
  id: string;
  caseNo: string;
  regionCode: string;
  department: string;
  itemCode: string | null;
}

export interface AlertRecord {
  row: AlertRow;
  /** The body of the `alert.raised` timeline entry and outbox event. */
  body: Record<string, unknown>;
}

/**
 * What raising an alert records: a supervision_alert row (once per case and key) and the body of its
 * `alert.raised` timeline entry and event. Pure; the case command writes them with its change set.
 */
export function alertRecord(
  c: AlertCase,
  a: NewAlert,
  id: string,
  escalatedFromId: string | null,
  now: string,
  respondBy: string | null,
): AlertRecord {
  const department = a.department ?? c.department;
  return {
    row: {
      id,
      case_id: c.id,
      case_no: c.caseNo,
      region_code: c.regionCode,
      department,
      item_code: c.itemCode,
      element_id: a.elementId,
      task_id: a.taskId,
      level: a.level,
      trigger_code: a.triggerCode,
      dedup_key: a.key,
      occurred_at: a.occurredAt,
      detected_at: now,
      due_to_respond_at: respondBy,
      resolved_at: a.resolved ? now : null,
      escalated_from_id: escalatedFromId,
      data: a.data,
    },
    body: {
      alertId: id,
      level: a.level,
      triggerCode: a.triggerCode,
      occurredAt: a.occurredAt,
      elementId: a.elementId,
      taskId: a.taskId,
      department,
      escalatedFromId,
      ...a.data,
    },
  };
}
