import type { Tx } from '../../../shared/db/tx.js';
import type { JointOpinionEntry } from '../domain/joint-opinions.js';
import { currentPathEntries, type PathEvent } from '../domain/return-targets.js';

/** The case's completions and returns, oldest first, as the timeline recorded them (one read). */
export async function loadPathHistory(tx: Pick<Tx, 'query'>, caseId: string): Promise<PathEvent[]> {
  const rows = await tx.query<{ type: string; element_id: string | null; to: string | null }>(
    `SELECT type, element_id, data->>'to' AS "to" FROM case_event
      WHERE case_id = $1 AND type IN ('task.completed', 'task.returned') AND element_id IS NOT NULL
      ORDER BY seq`,
    [caseId],
  );
  return rows.map((r) =>
    r.type === 'task.returned'
      ? { kind: 'returned', elementId: r.element_id as string, to: r.to ?? '' }
      : { kind: 'completed', elementId: r.element_id as string },
  );
}

/** The joint-review opinions (会签) on the case's current path, as their completions recorded them. */
export async function loadJointOpinions(tx: Pick<Tx, 'query'>, caseId: string): Promise<JointOpinionEntry[]> {
  const rows = await tx.query<{
    type: string;
    element_id: string;
    opinion: string | null;
    data: Record<string, unknown> | null;
  }>(
    `SELECT type, element_id, opinion, data FROM case_event
      WHERE case_id = $1 AND type IN ('task.completed', 'task.returned') AND element_id IS NOT NULL
      ORDER BY seq`,
    [caseId],
  );
  const events = rows.map((r) =>
    r.type === 'task.returned'
      ? {
          kind: 'returned' as const,
          elementId: r.element_id,
          to: typeof r.data?.to === 'string' ? r.data.to : '',
          row: r,
        }
      : { kind: 'completed' as const, elementId: r.element_id, row: r },
  );
  return currentPathEntries(events)
    .filter((e) => e.row.data?.jointReview === true)
    .map((e) => ({
      elementId: e.elementId,
      department: typeof e.row.data?.department === 'string' ? e.row.data.department : null,
      outcome: typeof e.row.data?.outcome === 'string' ? e.row.data.outcome : null,
      opinion: e.row.opinion,
    }));
}
