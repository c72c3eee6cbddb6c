import type { TaskRow } from '../../tasks/domain/task-row.js';
import type { TimeLimitInput } from '../../timing/domain/plan-time-limits.js';
import type { ItemTiming } from '../../timing/domain/time-limit.types.js';
import type { CaseRow } from './case-row.js';

/** What the pure time-limit planner needs of a case in a command: plain data, dates as ISO strings. */
export function timeLimitInputOf(
  row: CaseRow,
  openTasks: readonly TaskRow[],
  p: { now: Date; timing: ItemTiming | null; deliveredNow: boolean; loadedYears: readonly number[] | null },
): TimeLimitInput {
  return {
    now: p.now.toISOString(),
    status: row.status,
    receivedAt: row.received_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
    clocks: row.clocks,
    timing: p.timing,
    openTasks: openTasks.flatMap((t) =>
      t.due_at === null
        ? []
        : [
            {
              id: t.id,
              elementId: t.element_id,
              name: t.name,
              dueAt: t.due_at.toISOString(),
              createdAt: t.created_at.toISOString(),
              department: t.candidate_departments[0] ?? null,
            },
          ],
    ),
    decisionAt: row.decision_at?.toISOString() ?? null,
    deliveredNow: p.deliveredNow,
    region: row.region_code,
    loadedYears: p.loadedYears,
  };
}
