/**
 * The legal and promised clocks of one case (domain.md §4.3–4.4), derived from the raw records on the
 * case (clock events, special procedures, extensions) — never stored alone, so a pause, an extension or
 * a calendar change simply recomputes them. Pure: the calendar and `now` come in as data.
 */
import { type ClockRecords, grantedExtensions } from '../../cases/domain/clock-records.js';
import type { ClockState, SupervisionSettings, TimeLimit, TimeState } from './time-limit.types.js';
import {
  addNaturalDays,
  correctionNoticeDeadline,
  type DayCalendar,
  naturalDaysBetween,
  startOfDay,
  workingHoursBetween,
} from './working-time.js';

export interface TimingRecords extends ClockRecords {
  /** First correction notice (补正告知): a late one makes the receipt the acceptance date. */
  correctionNoticeAt?: string | null;
  /** Set by the 5-working-day job when no decision or correction notice came in time. */
  deemedAcceptedAt?: string | null;
}

export interface ClockInput {
  receivedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  records: TimingRecords;
  legalLimit: TimeLimit | null;
  promisedLimit: TimeLimit | null;
}

export interface Pause {
  from: string;
  to: string | null;
  /** Which clocks this interval stops (a procedure counted in the legal limit stops neither). */
  legal: boolean;
  promised: boolean;
  cause: string;
}

export interface Timeline {
  start: string | null;
  deemed: boolean;
  stop: string | null;
  pauses: Pause[];
}

export interface Clocks {
  legal: ClockState;
  promised: ClockState;
  timeState: TimeState;
}

/**
 * Start, stop and pauses from the records. Counting starts the working day after `start` (Art.201).
 * Pauses come from the explicit pause records (suspension, special procedures, correction — each with
 * its cause) and from tb:clock pause/resume events of the process; they may overlap (ADR 0015).
 */
export function clockTimeline(cal: DayCalendar, input: ClockInput): Timeline {
  const r = input.records;
  let start: string | null = null;
  let deemed = false;
  const lateNotice =
    r.correctionNoticeAt != null && r.correctionNoticeAt > correctionNoticeDeadline(cal, input.receivedAt);
  if (r.deemedAcceptedAt || lateNotice) {
    start = input.receivedAt;
    deemed = true;
  }
  const events = [...r.events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  start ??= events.find((e) => e.action === 'start')?.at ?? input.acceptedAt;
  const pauses: Pause[] = [];
  let stop: string | null = null;
  if (start) {
    // Records of earlier versions paused through events; a procedure counted in the legal limit stops nothing.
    const counted = new Set(r.specialProcedures.filter((p) => p.countsInLegalLimit).map((p) => p.startedAt));
    let open: Pause | undefined;
    for (const e of events) {
      if (e.at < start || stop) continue;
      if (e.action === 'pause' && !open) {
        const applies = !counted.has(e.at);
        open = { from: e.at, to: null, legal: applies, promised: applies, cause: 'PROCESS' };
        pauses.push(open);
      } else if ((e.action === 'resume' || e.action === 'start') && open) {
        open.to = e.at;
        open = undefined;
      } else if (e.action === 'stop') stop = e.at;
    }
    stop ??= input.endedAt;
    for (const p of r.pauses)
      pauses.push({ from: p.from, to: p.to, legal: p.legal, promised: p.promised, cause: p.cause });
  }
  return { start, deemed, stop, pauses };
}

/**
 * The intervals in which one clock stands still, merged: overlapping pauses count once, and only the
 * part after the start and before the stop (or `at`) counts.
 */
export function pausedIntervals(
  t: Pick<Timeline, 'start' | 'stop' | 'pauses'>,
  which: 'legal' | 'promised',
  at: string,
): { from: string; to: string }[] {
  if (!t.start) return [];
  const end = t.stop && t.stop < at ? t.stop : at;
  const list = t.pauses
    .filter((p) => p[which])
    .map((p) => ({ from: p.from < t.start! ? t.start! : p.from, to: p.to === null || p.to > end ? end : p.to }))
    .filter((p) => p.from < p.to)
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  const merged: { from: string; to: string }[] = [];
  for (const p of list) {
    const last = merged.at(-1);
    if (last && p.from <= last.to) {
      if (p.to > last.to) last.to = p.to;
    } else merged.push({ ...p });
  }
  return merged;
}

/** Is a pause that applies to this clock open (and the clock not stopped)? */
export function isPaused(t: Pick<Timeline, 'stop' | 'pauses'>, which: 'legal' | 'promised'): boolean {
  return !t.stop && t.pauses.some((p) => p[which] && p.to === null);
}

export function computeClocks(
  cal: DayCalendar,
  input: ClockInput,
  now: string,
  settings: Pick<SupervisionSettings, 'warnBeforeWD' | 'warnAtElapsedRatio'>,
): Clocks {
  const t = clockTimeline(cal, input);
  const extension = grantedExtensions(input.records).reduce((n, e) => n + e.days, 0);
  // A period that runs from receipt (建筑法 Art.8) starts with the application, whatever acceptance does.
  const fromReceipt = input.legalLimit?.from === 'RECEIPT' && !t.deemed;
  const legal = oneClock(
    cal,
    fromReceipt ? { ...t, start: input.receivedAt } : t,
    input.legalLimit,
    extension,
    'legal',
    now,
    null,
  );
  // The promised limit never exceeds the legal one (ADR 0015): its due date is capped at the legal one.
  const promised = oneClock(cal, t, input.promisedLimit, 0, 'promised', now, legal.dueAt);
  return { legal, promised, timeState: timeStateOf(legal, promised, settings) };
}

function oneClock(
  cal: DayCalendar,
  t: Timeline,
  limit: TimeLimit | null,
  extension: number,
  which: 'legal' | 'promised',
  now: string,
  cap: string | null,
): ClockState {
  const at = t.stop && t.stop < now ? t.stop : now;
  const paused = isPaused(t, which);
  const legal = which === 'legal';
  const base: ClockState = {
    dueAt: null,
    limit,
    startedAt: t.start,
    stoppedAt: t.stop,
    elapsedWorkingDays: 0,
    remainingWorkingDays: null,
    pausedWorkingDays: 0,
    extendedWorkingDays: legal ? extension : 0,
    paused,
    running: t.start !== null && !t.stop && !paused,
    overdue: false,
    deemedAcceptance: t.deemed,
  };
  if (!t.start || !limit) return base;
  const pauses = pausedIntervals(t, which, at);
  const pausedWD = pauses.reduce((n, p) => n + cal.workingDaysBetween(p.from, p.to), 0);
  const elapsed = Math.max(0, cal.workingDaysBetween(t.start, at) - pausedWD);
  let dueAt = dueAtOf(cal, t.start, limit, pauses, legal ? extension : 0, pausedWD);
  if (cap && cap < dueAt) dueAt = cap;
  const remaining = at <= dueAt ? cal.workingDaysBetween(at, dueAt) : -cal.workingDaysBetween(dueAt, at);
  return {
    ...base,
    dueAt,
    elapsedWorkingDays: elapsed,
    remainingWorkingDays: remaining,
    pausedWorkingDays: pausedWD,
    overdue: at > dueAt,
  };
}

/** Extensions are granted in the item's own unit (working days for nearly every licence). */
function dueAtOf(
  cal: DayCalendar,
  start: string,
  limit: TimeLimit,
  pauses: { from: string; to: string }[],
  extension: number,
  pausedWD: number,
): string {
  const n = limit.value + extension;
  switch (limit.unit) {
    case 'WD':
      return cal.addWorkingDays(start, Math.ceil(n) + pausedWD);
    case 'ND': {
      const pausedND = pauses.reduce((k, p) => k + naturalDaysBetween(cal, p.from, p.to), 0);
      return addNaturalDays(cal, start, n + pausedND);
    }
    case 'WH': {
      const pausedWH = pauses.reduce((h, p) => h + workingHoursBetween(cal, p.from, p.to), 0);
      return cal.addWorkingHours(start, n + pausedWH);
    }
    case 'NH': {
      const pausedMs = pauses.reduce((ms, p) => ms + (Date.parse(p.to) - Date.parse(p.from)), 0);
      return new Date(Date.parse(start) + n * 3_600_000 + pausedMs).toISOString();
    }
  }
}

function timeStateOf(
  legal: ClockState,
  promised: ClockState,
  s: Pick<SupervisionSettings, 'warnBeforeWD' | 'warnAtElapsedRatio'>,
): TimeState {
  if (legal.overdue || promised.overdue) return 'OVERDUE';
  return promised.running && inWarning(promised, s) ? 'WARNING' : 'NORMAL';
}

/** 预警: N working days before the promised due date, or past a share of the limit when configured. */
export function inWarning(c: ClockState, s: Pick<SupervisionSettings, 'warnBeforeWD' | 'warnAtElapsedRatio'>): boolean {
  if (c.remainingWorkingDays === null || c.overdue) return false;
  if (c.remainingWorkingDays <= s.warnBeforeWD) return true;
  const limitDays = c.limit && c.limit.unit === 'WD' ? c.limit.value + c.extendedWorkingDays : null;
  return (
    s.warnAtElapsedRatio !== null && limitDays !== null && c.elapsedWorkingDays >= s.warnAtElapsedRatio * limitDays
  );
}

/** The instant a running clock enters its warning window (start of that local day), if still ahead. */
export function warningStartsAt(
  cal: DayCalendar,
  c: ClockState,
  s: Pick<SupervisionSettings, 'warnBeforeWD'>,
): string | null {
  if (!c.running || !c.dueAt || c.remainingWorkingDays === null) return null;
  const daysToWarning = c.remainingWorkingDays - s.warnBeforeWD;
  if (daysToWarning <= 0) return null;
  // remaining is counted to the due day: the warning day is the working day `warnBeforeWD` before it.
  let day = cal.localDate(c.dueAt);
  for (let k = 0; k < s.warnBeforeWD;) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (cal.isWorkday(day)) k++;
  }
  return startOfDay(cal, day);
}
