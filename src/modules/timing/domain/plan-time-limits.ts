/**
 * The time-limit planner: from plain data about one case at the end of a command, derives the legal
 * and promised clocks, keeps a history of due-date changes, decides which supervision alerts are
 * raised and resolved, and which of the two jobs time needs — the 5-working-day deemed-acceptance
 * check and the next deadline check — are scheduled or cancelled. Pure: the command writes what it
 * returns with the state that caused it, or not at all.
 */
import type { DayCalendar } from './working-time.js';
import { correctionNoticeDeadline } from './working-time.js';
import { clockRecords } from '../../cases/domain/clock-records.js';
import { type AlertSummary, evaluateAlerts, type NewAlert } from '../../supervision/domain/alert-rules.js';
import {
  clockTimeline,
  type Clocks,
  computeClocks,
  isPaused,
  pausedIntervals,
  type TimingRecords,
} from './compute-clocks.js';
import { type DeliveryClock, type NodeTaskInput, planDeliveryClock, planNodeClocks } from './node-clocks.js';
import { type ClockState, DEFAULT_SUPERVISION, type ItemTiming } from './time-limit.types.js';

export interface DueChange {
  at: string;
  dueAt: string | null;
  cause: string;
}

export interface JobRef {
  id: string;
  dueAt: string;
}

export interface StoredTiming extends TimingRecords {
  legal?: ClockState & { history?: DueChange[] };
  promised?: ClockState & { history?: DueChange[] };
  alerts?: AlertSummary[];
  deadlineJob?: JobRef | null;
  acceptanceJob?: JobRef | null;
  /** The due date each open task was created with, before pauses moved it. */
  nodeDue?: Record<string, string>;
  delivery?: DeliveryClock | null;
  /** Years the case's dates reach with no calendar loaded: counted as weekends only (fallback). */
  calendarFallbackYears?: number[];
}

export const JOB_KIND_DEADLINE = 'deadline';
export const JOB_KIND_ACCEPTANCE = 'acceptance';
const HISTORY_MAX = 50;

/** The case as the planner sees it: plain values, no session, no database. */
export interface TimeLimitInput {
  now: string;
  status: string;
  receivedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  clocks: Record<string, unknown>;
  timing: ItemTiming | null;
  /** Open tasks with a node due date. */
  openTasks: NodeTaskInput[];
  decisionAt?: string | null;
  /** This command completed the issue/delivery step (发证/送达). */
  deliveredNow?: boolean;
  region?: string | null;
  /** Years with a loaded calendar for the case's region; null when unknown (no check). */
  loadedYears?: readonly number[] | null;
}

export interface TimeLimitPlan {
  clocks: Record<string, unknown>;
  /** Undefined when the item has no limits: the row keeps what it has. */
  due?: { legalDueAt: string | null; promisedDueAt: string | null; timeState: string };
  scheduleJobs: { id: string; kind: string; dueAt: string }[];
  cancelJobs: string[];
  /** Alerts to raise, each with the id it gets and the id of the alert it escalates, if any. */
  raise: { alert: NewAlert; id: string; escalatedFromId: string | null }[];
  /** Ids of open alerts that are over. */
  resolve: string[];
  /** Work items whose due date moved with the case's pauses. */
  taskDue: { id: string; dueAt: string }[];
}

export function planTimeLimits(cal: DayCalendar, input: TimeLimitInput, newId: () => string): TimeLimitPlan {
  const { now, timing } = input;
  const rec = clockRecords(input.clocks) as StoredTiming;
  const alerts = [...(rec.alerts ?? [])];
  const plan: TimeLimitPlan = {
    clocks: input.clocks,
    scheduleJobs: [],
    cancelJobs: [],
    raise: [],
    resolve: [],
    taskDue: [],
  };
  const schedule = (kind: string, dueAt: string): JobRef => {
    const job = { id: newId(), kind, dueAt };
    plan.scheduleJobs.push(job);
    return { id: job.id, dueAt };
  };

  if (input.status === 'CORRECTION_REQUESTED' && !rec.correctionNoticeAt && !input.acceptedAt)
    rec.correctionNoticeAt = now;
  if (timing?.legalLimit && !rec.acceptanceJob && !input.acceptedAt && !input.endedAt && !rec.deemedAcceptedAt) {
    const dueAt = new Date(Date.parse(correctionNoticeDeadline(cal, input.receivedAt)) + 1).toISOString();
    rec.acceptanceJob = schedule(JOB_KIND_ACCEPTANCE, dueAt);
  }

  let clocks: Clocks | null = null;
  if (timing && (timing.legalLimit || timing.promisedLimit)) {
    clocks = computeClocks(
      cal,
      {
        receivedAt: input.receivedAt,
        acceptedAt: input.acceptedAt,
        endedAt: input.endedAt,
        records: rec,
        legalLimit: timing.legalLimit,
        promisedLimit: timing.promisedLimit,
      },
      now,
      timing.supervision,
    );
    const cause = causeOf(rec, now);
    rec.legal = { ...clocks.legal, history: withHistory(rec.legal, clocks.legal, now, cause) };
    rec.promised = { ...clocks.promised, history: withHistory(rec.promised, clocks.promised, now, cause) };
    plan.due = { legalDueAt: clocks.legal.dueAt, promisedDueAt: clocks.promised.dueAt, timeState: clocks.timeState };
  }

  const timeline = clockTimeline(cal, {
    receivedAt: input.receivedAt,
    acceptedAt: input.acceptedAt,
    endedAt: input.endedAt,
    records: rec,
    legalLimit: null,
    promisedLimit: null,
  });
  const nodes = planNodeClocks(cal, timeline, input.openTasks, rec.nodeDue, now);
  plan.taskDue = nodes.patches;
  if (Object.keys(nodes.bases).length || rec.nodeDue) rec.nodeDue = nodes.bases;
  const delivery = timing
    ? planDeliveryClock(
        cal,
        {
          status: input.status,
          decisionAt: input.decisionAt ?? null,
          endedAt: input.endedAt,
          limit: timing.deliveryLimit,
          stored: rec.delivery,
          deliveredNow: input.deliveredNow ?? false,
        },
        now,
      )
    : null;
  if (delivery || rec.delivery) rec.delivery = delivery;
  const gaps = calendarGaps(cal, input, clocks, delivery, now);
  if (gaps.length || rec.calendarFallbackYears?.length) rec.calendarFallbackYears = gaps;

  const hasOpenAlerts = alerts.some((a) => a.resolvedAt === null);
  const tasks = input.endedAt && !hasOpenAlerts ? [] : nodes.tasks;
  const decision = evaluateAlerts(cal, clocks ?? IDLE, tasks, alerts, timing?.supervision ?? DEFAULT_SUPERVISION, now, {
    delivery,
    calendarGaps: gaps,
    region: input.region ?? null,
    pausedSince: (from) => {
      const open = isPaused(timeline, 'promised');
      const list = pausedIntervals({ ...timeline, start: from, stop: null }, 'promised', now);
      return { days: list.reduce((n, p) => n + cal.workingDaysBetween(p.from, p.to), 0), open };
    },
  });
  for (const a of decision.raise) {
    // Once per case and key: a key already summarised on the case is not raised again.
    if (alerts.some((x) => x.key === a.key)) continue;
    const id = newId();
    const escalatedFromId = a.escalatedFromKey ? (alerts.find((x) => x.key === a.escalatedFromKey)?.id ?? null) : null;
    plan.raise.push({ alert: a, id, escalatedFromId });
    alerts.push({
      key: a.key,
      id,
      level: a.level,
      triggerCode: a.triggerCode,
      occurredAt: a.occurredAt,
      resolvedAt: a.resolved ? now : null,
    });
  }
  for (const k of decision.resolve) {
    const a = alerts.find((x) => x.key === k);
    if (!a || a.resolvedAt) continue;
    a.resolvedAt = now;
    plan.resolve.push(a.id);
  }
  if (alerts.length) rec.alerts = alerts;

  const next = input.endedAt ? null : decision.nextCheckAt;
  if ((rec.deadlineJob?.dueAt ?? null) !== next) {
    if (rec.deadlineJob) plan.cancelJobs.push(rec.deadlineJob.id);
    rec.deadlineJob = next ? schedule(JOB_KIND_DEADLINE, next) : null;
  }
  plan.clocks = { ...rec };
  return plan;
}

/** What moved the due dates at this instant, for the history. */
function causeOf(rec: StoredTiming, now: string): string {
  if (rec.extensions.some((e) => e.status === 'APPROVED' && e.decidedAt === now)) return 'extension';
  const p = rec.pauses.find((x) => x.from === now || x.to === now);
  if (p) return `${p.to === now ? 'resume' : 'pause'}:${p.cause}`;
  const e = [...rec.events].reverse().find((x) => x.at === now);
  if (e) return e.action;
  if (rec.deemedAcceptedAt === now || rec.correctionNoticeAt === now) return 'deemedAcceptance';
  return 'recompute';
}

/**
 * Years between the start of the case's counting and its furthest date that have no calendar: the
 * engine counts them as weekends only (Mon–Fri working, no holidays), which supervision must flag.
 */
function calendarGaps(
  cal: DayCalendar,
  input: TimeLimitInput,
  clocks: Clocks | null,
  delivery: DeliveryClock | null,
  now: string,
): number[] {
  const loaded = input.loadedYears;
  if (!loaded || input.endedAt) return [];
  const from = clocks?.legal.startedAt ?? input.receivedAt;
  const dates = [now, clocks?.legal.dueAt, clocks?.promised.dueAt, delivery?.dueAt].filter(
    (d): d is string => typeof d === 'string',
  );
  const first = Number(cal.localDate(from).slice(0, 4));
  const last = Math.max(...dates.map((d) => Number(cal.localDate(d).slice(0, 4))));
  const gaps: number[] = [];
  for (let y = first; y <= last; y++) if (!loaded.includes(y)) gaps.push(y);
  return gaps;
}

function withHistory(
  prev: (ClockState & { history?: DueChange[] }) | undefined,
  next: ClockState,
  at: string,
  cause: string,
): DueChange[] {
  const history = prev?.history ?? [];
  if ((prev?.dueAt ?? null) === next.dueAt) return history;
  return [...history, { at, dueAt: next.dueAt, cause }].slice(-HISTORY_MAX);
}

const IDLE_CLOCK: ClockState = {
  dueAt: null,
  limit: null,
  startedAt: null,
  stoppedAt: null,
  elapsedWorkingDays: 0,
  remainingWorkingDays: null,
  pausedWorkingDays: 0,
  extendedWorkingDays: 0,
  paused: false,
  running: false,
  overdue: false,
  deemedAcceptance: false,
};
const IDLE: Clocks = { legal: IDLE_CLOCK, promised: IDLE_CLOCK, timeState: 'NORMAL' };
