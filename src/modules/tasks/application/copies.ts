import { randomUUID } from 'node:crypto';
import type { CaseCommand } from '../../cases/domain/case-port.js';

/** Who a case is copied to (抄送), and why. */
export interface CopyRequest {
  users: readonly string[];
  departments: readonly string[];
  note: string | null;
  taskId: string | null;
  elementId: string | null;
  name: string | null;
}

export interface PlannedCopy {
  id: string;
  recipientKind: 'user' | 'department';
  recipient: string;
}

/**
 * Plans the copies of a case in the command's change set (`rows`, table case_copy), with a timeline
 * entry and a `case.copied` event. A recipient who already has a copy of this case gets it again:
 * the same record, with the new note and time, unread again (their list holds one line per case).
 */
export async function planCopies(s: CaseCommand, r: CopyRequest): Promise<PlannedCopy[]> {
  const wanted: { kind: 'user' | 'department'; recipient: string }[] = [
    ...unique(r.users).map((recipient) => ({ kind: 'user' as const, recipient })),
    ...unique(r.departments).map((recipient) => ({ kind: 'department' as const, recipient })),
  ];
  if (wanted.length === 0) return [];
  const existing = s.stored
    ? await s.tx.query<{ id: string; recipient_kind: string; recipient: string }>(
        'SELECT id, recipient_kind, recipient FROM case_copy WHERE case_id = $1',
        [s.row.id],
      )
    : [];
  const copies: PlannedCopy[] = wanted.map((w) => ({
    id: existing.find((e) => e.recipient_kind === w.kind && e.recipient === w.recipient)?.id ?? randomUUID(),
    recipientKind: w.kind,
    recipient: w.recipient,
  }));
  s.stageRows({
    table: 'case_copy',
    op: 'upsert',
    rows: copies.map((c) => ({
      id: c.id,
      case_id: s.row.id,
      case_no: s.row.case_no,
      task_id: r.taskId,
      element_id: r.elementId,
      recipient_kind: c.recipientKind,
      recipient: c.recipient,
      note: r.note,
      copied_by: s.actor.id,
      copied_by_name: s.actor.name,
      copied_at: s.now.toISOString(),
      read_at: null,
      read_by: null,
    })),
  });
  const users = copies.filter((c) => c.recipientKind === 'user').map((c) => c.recipient);
  const departments = copies.filter((c) => c.recipientKind === 'department').map((c) => c.recipient);
  await s.timeline({
    type: 'case.copied',
    elementId: r.elementId,
    name: r.name,
    opinion: r.note,
    data: { taskId: r.taskId, users, departments, copyIds: copies.map((c) => c.id) },
  });
  await s.emit('case.copied', {
    taskId: r.taskId,
    elementId: r.elementId,
    users,
    departments,
    note: r.note,
    by: s.actor.id,
    byName: s.actor.name,
  });
  return copies;
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs.map((x) => x.trim()).filter((x) => x !== ''))];
}
