/**
 * Which supervision alerts (电子监察, domain.md §5.3) a case has earned at `now`: a warning before the
 * promised due date, a yellow card when the promised limit or a node limit is exceeded, a red card when
 * the legal limit is exceeded or a yellow card stays unresolved. Pure, so levels are unit-tested and
 * the same rules run inside every case command and every deadline job.
 */
import type { Clocks } from '../../timing/domain/compute-clocks.js';
import { inWarning, warningStartsAt } from '../../timing/domain/compute-clocks.js';
import type { SupervisionSettings } from '../../timing/domain/time-limit.types.js';
import { type DayCalendar, startOfDay } from '../../timing/domain/working-time.js';

export type AlertLevel = 'WARNING' | 'YELLOW' | 'RED';

/** What the case row keeps about its alerts (clocks.alerts), so rules need no query. */
export interface AlertSummary {
  key: string;
  id: string;
  level: AlertLevel;
  triggerCode: string;
  occurredAt: string;
  resolvedAt: string | null;
}

export interface NewAlert {
  key: string;
  level: AlertLevel;
  triggerCode: string;
  occurredAt: string;
  elementId: string | null;
  taskId: string | null;
  department: string | null;
  escalatedFromKey: string | null;
  data: Record<string, unknown>;
  /** Already over when found (a case decided after its due date): recorded, and closed at once. */
  resolved: boolean;
}

export interface OpenTaskClock {
  id: string;
  elementId: string;
  name: string | null;
  dueAt: string;
  department: string | null;
  /** The node clock stands still with the case (a suspension, a special procedure): no card meanwhile. */
  paused?: boolean;
}

/** The delivery clock as the rules need it (timing/domain/node-clocks.ts). */
export interface DeliveryClockFacts {
  dueAt: string;
  deliveredAt: string | null;
  running: boolean;
  overdue: boolean;
  remainingWorkingDays: number;
}

export interface AlertExtras {
  delivery?: DeliveryClockFacts | null;
  /** Years the case's dates reach that have no calendar loaded (counted as weekends only). */
  calendarGaps?: number[];
  region?: string | null;
  /**
   * Working days the case stood still (a pause stopping the promised clock) since an instant, and
   * whether it still does: a yellow card's N working days do not run while the case is paused.
   */
  pausedSince?: (from: string) => { days: number; open: boolean };
}

export interface AlertDecision {
  raise: NewAlert[];
  resolve: string[];
  /** The next instant at which these rules may give another answer (a deadline job is set for it). */
  nextCheckAt: string | null;
}

const after = (iso: string): string => new Date(Date.parse(iso) + 1).toISOString();

export function evaluateAlerts(
  cal: DayCalendar,
  clocks: Clocks,
  tasks: OpenTaskClock[],
  existing: AlertSummary[],
  s: SupervisionSettings,
  now: string,
  extras: AlertExtras = {},
): AlertDecision {
  const known = new Map(existing.map((a) => [a.key, a]));
  const raise: NewAlert[] = [];
  const add = (
    a: Omit<NewAlert, 'elementId' | 'taskId' | 'department' | 'escalatedFromKey' | 'data' | 'resolved'> &
      Partial<NewAlert>,
  ) => {
    if (known.has(a.key) || raise.some((r) => r.key === a.key)) return;
    raise.push({
      elementId: null,
      taskId: null,
      department: null,
      escalatedFromKey: null,
      data: {},
      resolved: false,
      ...a,
    });
  };
  const { promised, legal } = clocks;
  const candidates: (string | null)[] = [];

  if (promised.running && inWarning(promised, s))
    add({
      key: 'PROMISED_DUE_SOON',
      level: 'WARNING',
      triggerCode: 'PROMISED_DUE_SOON',
      occurredAt: now,
      data: { dueAt: promised.dueAt, remainingWorkingDays: promised.remainingWorkingDays },
    });
  if (promised.overdue && promised.dueAt) {
    const data = { dueAt: promised.dueAt, limit: promised.limit };
    if (s.yellowOn.includes('PROMISED_EXCEEDED'))
      add({
        key: 'PROMISED_EXCEEDED',
        level: 'YELLOW',
        triggerCode: 'PROMISED_EXCEEDED',
        occurredAt: after(promised.dueAt),
        data,
      });
    if (s.redOn.includes('PROMISED_EXCEEDED'))
      add({
        key: 'RED:PROMISED_EXCEEDED',
        level: 'RED',
        triggerCode: 'PROMISED_EXCEEDED',
        occurredAt: after(promised.dueAt),
        data,
      });
  }
  if (legal.overdue && legal.dueAt && s.redOn.includes('LEGAL_EXCEEDED'))
    add({
      key: 'LEGAL_EXCEEDED',
      level: 'RED',
      triggerCode: 'LEGAL_EXCEEDED',
      occurredAt: after(legal.dueAt),
      data: { dueAt: legal.dueAt, limit: legal.limit, extendedWorkingDays: legal.extendedWorkingDays },
    });
  if (promised.running) candidates.push(warningStartsAt(cal, promised, s), promised.dueAt && after(promised.dueAt));
  if (legal.running) candidates.push(legal.dueAt && after(legal.dueAt));

  if (s.yellowOn.includes('NODE_EXCEEDED')) {
    for (const t of tasks) {
      if (t.paused) continue;
      if (t.dueAt < now)
        add({
          key: `NODE_EXCEEDED:${t.id}`,
          level: 'YELLOW',
          triggerCode: 'NODE_EXCEEDED',
          occurredAt: after(t.dueAt),
          elementId: t.elementId,
          taskId: t.id,
          department: t.department,
          data: { dueAt: t.dueAt, name: t.name },
        });
      else candidates.push(after(t.dueAt));
    }
  }

  const { delivery } = extras;
  if (delivery?.running) {
    if (delivery.overdue)
      add({
        key: 'DELIVERY_EXCEEDED',
        level: 'YELLOW',
        triggerCode: 'DELIVERY_EXCEEDED',
        occurredAt: after(delivery.dueAt),
        data: { dueAt: delivery.dueAt },
      });
    else if (delivery.remainingWorkingDays <= s.warnBeforeWD)
      add({
        key: 'DELIVERY_DUE_SOON',
        level: 'WARNING',
        triggerCode: 'DELIVERY_DUE_SOON',
        occurredAt: now,
        data: { dueAt: delivery.dueAt, remainingWorkingDays: delivery.remainingWorkingDays },
      });
    if (!delivery.overdue) candidates.push(after(delivery.dueAt), deliveryWarningAt(cal, delivery, s));
  }
  for (const year of extras.calendarGaps ?? [])
    add({
      key: `CALENDAR_YEAR_NOT_LOADED:${year}`,
      level: 'WARNING',
      triggerCode: 'CALENDAR_YEAR_NOT_LOADED',
      occurredAt: now,
      data: { year, region: extras.region ?? null, fallback: 'WEEKENDS_ONLY' },
    });

  // Resolution: a case's clock cards end with the decision; a node card when its task is done; the
  // delivery cards with the delivery; a calendar warning once the year is loaded.
  const stopped = promised.stoppedAt !== null || legal.stoppedAt !== null;
  const openTasks = new Set(tasks.map((t) => t.id));
  // Node cards follow their task, also after the decision (issuing the licence is still a node).
  const gaps = new Set((extras.calendarGaps ?? []).map(String));
  const isResolved = (key: string): boolean => {
    const node = key.indexOf('NODE_EXCEEDED:');
    if (node >= 0) return !openTasks.has(key.slice(node + 'NODE_EXCEEDED:'.length));
    if (key.includes('DELIVERY_')) return delivery ? !delivery.running : false;
    if (key.startsWith('CALENDAR_YEAR_NOT_LOADED:')) return !gaps.has(key.slice(key.indexOf(':') + 1));
    return stopped;
  };
  const resolve = existing.filter((a) => a.resolvedAt === null && isResolved(a.key)).map((a) => a.key);
  for (const a of raise) a.resolved = isResolved(a.key);

  // A yellow card not corrected within N working days becomes a red one (escalation, [INFER]).
  if (s.redOn.includes('YELLOW_UNRESOLVED')) {
    const yellows = [
      ...existing.filter((a) => a.level === 'YELLOW' && a.resolvedAt === null),
      ...raise.filter((a) => a.level === 'YELLOW'),
    ];
    for (const y of yellows) {
      if (isResolved(y.key)) continue;
      // "Not corrected within N working days": the day of the yellow card does not count, so the red one
      // comes when the Nth working day after it is over (yellow 2026-02-06 15:30 → red 2026-02-14 00:00).
      const paused = extras.pausedSince?.(y.occurredAt) ?? { days: 0, open: false };
      if (paused.open) continue;
      const escalateAt = after(cal.addWorkingDays(y.occurredAt, s.redAfterYellowWD + paused.days));
      if (escalateAt <= now)
        add({
          key: `YELLOW_UNRESOLVED:${y.key}`,
          level: 'RED',
          triggerCode: 'YELLOW_UNRESOLVED',
          occurredAt: escalateAt,
          escalatedFromKey: y.key,
          elementId: 'elementId' in y ? y.elementId : null,
          data: { yellowTrigger: y.triggerCode, afterWorkingDays: s.redAfterYellowWD },
        });
      else candidates.push(escalateAt);
    }
  }
  const future = candidates.filter((c): c is string => c !== null && c > now).sort();
  return { raise, resolve, nextCheckAt: future[0] ?? null };
}

/** The instant the delivery clock enters its warning window (start of that local day). */
function deliveryWarningAt(cal: DayCalendar, d: DeliveryClockFacts, s: SupervisionSettings): string | null {
  if (d.remainingWorkingDays <= s.warnBeforeWD) return null;
  let day = cal.localDate(d.dueAt);
  for (let k = 0; k < s.warnBeforeWD;) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (cal.isWorkday(day)) k++;
  }
  return startOfDay(cal, day);
}
