/**
 * Node clocks and the delivery clock (domain.md §4.3 items 7–8), pure like the case clocks:
 * - a task's due date moves with the case's pauses (ADR 0015): every working day a pause that stops
 *   the promised clock is open during the task's life is added to the due date the task was created
 *   with, and no node card is raised while such a pause is open. A pause that opens at the very instant
 *   the task is created is the task's own work (踏勘 inside a tb:clock pause) and does not stop it;
 * - the delivery clock runs from an approval decision to the issue/delivery step (行政许可法 Art.44:
 *   10 days, working days by Art.82; the item may set its own `deliveryLimit`).
 */
import type { OpenTaskClock } from '../../supervision/domain/alert-rules.js';
import { pausedIntervals, type Timeline } from './compute-clocks.js';
import type { TimeLimit } from './time-limit.types.js';
import { addNaturalDays, type DayCalendar } from './working-time.js';

export interface NodeTaskInput {
  id: string;
  elementId: string;
  name: string | null;
  /** The due date the work item holds now. */
  dueAt: string;
  createdAt: string;
  department: string | null;
}

export interface NodePlan {
  tasks: OpenTaskClock[];
  /** The due date each open task was created with (kept in clocks.nodeDue). */
  bases: Record<string, string>;
  /** Work items whose due date moved. */
  patches: { id: string; dueAt: string }[];
}

/** The same time of day, `n` working days later. */
export function shiftByWorkingDays(cal: DayCalendar, iso: string, n: number): string {
  if (n <= 0) return iso;
  const from = Date.parse(`${cal.localDate(iso)}T00:00:00Z`);
  const to = Date.parse(`${cal.localDate(cal.addWorkingDays(iso, n))}T00:00:00Z`);
  return new Date(Date.parse(iso) + (to - from)).toISOString();
}

export function planNodeClocks(
  cal: DayCalendar,
  t: Timeline,
  tasks: NodeTaskInput[],
  stored: Record<string, string> | undefined,
  now: string,
): NodePlan {
  const plan: NodePlan = { tasks: [], bases: {}, patches: [] };
  for (const task of tasks) {
    const base = stored?.[task.id] ?? task.dueAt;
    plan.bases[task.id] = base;
    const own = t.pauses.filter((p) => p.promised && p.from !== task.createdAt);
    const intervals = pausedIntervals({ start: task.createdAt, stop: null, pauses: own }, 'promised', now);
    const pausedWD = intervals.reduce((n, p) => n + cal.workingDaysBetween(p.from, p.to), 0);
    const dueAt = shiftByWorkingDays(cal, base, pausedWD);
    const paused = !t.stop && own.some((p) => p.to === null);
    if (dueAt !== task.dueAt) plan.patches.push({ id: task.id, dueAt });
    plan.tasks.push({
      id: task.id,
      elementId: task.elementId,
      name: task.name,
      dueAt,
      department: task.department,
      paused,
    });
  }
  return plan;
}

export interface DeliveryClock {
  limit: TimeLimit;
  startedAt: string;
  dueAt: string;
  deliveredAt: string | null;
  running: boolean;
  overdue: boolean;
  remainingWorkingDays: number;
}

/** Approval statuses whose licence must be issued or delivered (Art.44). */
export const APPROVED_STATUSES = new Set(['CLOSED_APPROVED', 'CLOSED_APPROVED_TOLERANCE']);

export function planDeliveryClock(
  cal: DayCalendar,
  input: {
    status: string;
    decisionAt: string | null;
    endedAt: string | null;
    limit: TimeLimit;
    stored: DeliveryClock | null | undefined;
    deliveredNow: boolean;
  },
  now: string,
): DeliveryClock | null {
  const { decisionAt, limit } = input;
  if (!decisionAt || !APPROVED_STATUSES.has(input.status)) return null;
  const dueAt =
    limit.unit === 'ND'
      ? addNaturalDays(cal, decisionAt, limit.value)
      : limit.unit === 'WD'
        ? cal.addWorkingDays(decisionAt, Math.ceil(limit.value))
        : limit.unit === 'WH'
          ? cal.addWorkingHours(decisionAt, limit.value)
          : new Date(Date.parse(decisionAt) + limit.value * 3_600_000).toISOString();
  // Delivered when the issue/delivery step is done; a case that ends without one stops the clock there.
  const deliveredAt = input.stored?.deliveredAt ?? (input.deliveredNow ? now : input.endedAt);
  const at = deliveredAt ?? now;
  return {
    limit,
    startedAt: decisionAt,
    dueAt,
    deliveredAt,
    running: deliveredAt === null,
    overdue: at > dueAt,
    remainingWorkingDays: at <= dueAt ? cal.workingDaysBetween(at, dueAt) : -cal.workingDaysBetween(dueAt, at),
  };
}
