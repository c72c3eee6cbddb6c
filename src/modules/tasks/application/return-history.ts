import type { Tx } from '../../../shared/db/tx.js';
import type { PathEvent } from '../domain/return-targets.js';

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
