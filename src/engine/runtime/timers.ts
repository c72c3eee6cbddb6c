/**
 * Timer due dates from ctx.now: timeDate, timeDuration (tb:calendar="working" counts days as working days
 * through ctx.calendar), timeCycle R[n]/[start/]interval. Expression timers are evaluated first.
 */
import { addDuration, parseCycle, parseDateTime, parseDuration, type IsoDuration } from '../calendar/iso-duration.js';
import type { EngineContext } from '../contract.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import { asText, evaluateFeel, variablesOf } from '../expressions/feel.js';
import type { TimerDef } from '../model/process-model.js';
import type { Execution } from './execution.js';
import type { TimerCycle } from './state.js';

export interface TimerPlan {
  dueAt: string;
  cycle: TimerCycle | null;
}

export function addDurationWith(
  ctx: EngineContext,
  from: string,
  d: IsoDuration,
  working: boolean,
  elementId: string,
): string {
  if (!working) return addDuration(from, d);
  if (!ctx.calendar)
    throw new EngineError(EngineErrorCode.CALENDAR_MISSING, `${elementId}: a working calendar is required`, elementId);
  const days = d.weeks * 5 + d.days;
  let at = from;
  if (days > 0) at = ctx.calendar.addWorkingDays(at, days);
  const hours = d.hours + d.minutes / 60 + d.seconds / 3600;
  if (hours > 0) at = ctx.calendar.addWorkingHours(at, hours);
  return addDuration(at, { ...d, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 });
}

export function planTimer(exec: Execution, timer: TimerDef, scopeId: string, elementId: string): TimerPlan {
  const text = timer.expr ? (asText(exec.evaluate(timer.expr, scopeId, elementId)) ?? '') : (timer.literal ?? '');
  return planFromText(exec.ctx, exec.now, timer, text, elementId);
}

/**
 * The first due time of a timer start event: evaluated without instance variables (there is no
 * instance yet). The caller schedules it, starts a case when it fires, and asks nextCycle for more.
 */
export function planStartTimer(timer: TimerDef, ctx: EngineContext, elementId: string): TimerPlan {
  let text = timer.literal ?? '';
  if (timer.expr) {
    try {
      text = asText(evaluateFeel(timer.expr.feel, variablesOf({}))) ?? '';
    } catch (e) {
      throw new EngineError(
        EngineErrorCode.EXPRESSION_FAILED,
        `${elementId}: '${timer.expr.source}' failed: ${String(e)}`,
        elementId,
      );
    }
  }
  return planFromText(ctx, ctx.now, timer, text, elementId);
}

function planFromText(ctx: EngineContext, now: string, timer: TimerDef, text: string, elementId: string): TimerPlan {
  const invalid = (): EngineError =>
    new EngineError(
      EngineErrorCode.EXPRESSION_FAILED,
      `${elementId}: invalid ${timer.kind} timer '${text}'`,
      elementId,
    );
  if (timer.kind === 'date') {
    const at = parseDateTime(text);
    if (!at) throw invalid();
    return { dueAt: at, cycle: null };
  }
  if (timer.kind === 'duration') {
    const d = parseDuration(text);
    if (!d) throw invalid();
    return { dueAt: addDurationWith(ctx, now, d, timer.working, elementId), cycle: null };
  }
  const c = parseCycle(text);
  if (!c) throw invalid();
  const dueAt = c.start ?? addDurationWith(ctx, now, c.interval, timer.working, elementId);
  const interval = text.split('/').pop() ?? '';
  return { dueAt, cycle: { remaining: c.repetitions, interval } };
}

/** Next occurrence of a cycle after a firing, or null when its repetitions are used up. */
export function nextCycle(
  ctx: EngineContext,
  cycle: TimerCycle,
  firedDueAt: string,
  working: boolean,
  elementId: string,
): TimerPlan | null {
  if (cycle.remaining !== null && cycle.remaining <= 1) return null;
  const d = parseDuration(cycle.interval);
  if (!d) return null;
  return {
    dueAt: addDurationWith(ctx, firedDueAt, d, working, elementId),
    cycle: { remaining: cycle.remaining === null ? null : cycle.remaining - 1, interval: cycle.interval },
  };
}

/** tb:timeLimit: nWD / nWH via the calendar, ISO-8601 durations in natural time. */
export function dueAtFromTimeLimit(ctx: EngineContext, limit: string | null, elementId: string): string | null {
  if (!limit) return null;
  const m = /^(\d+(?:\.\d+)?)(WD|WH)$/.exec(limit);
  if (m) {
    if (!ctx.calendar)
      throw new EngineError(
        EngineErrorCode.CALENDAR_MISSING,
        `${elementId}: tb:timeLimit ${limit} needs a working calendar`,
        elementId,
      );
    const n = Number(m[1]);
    return m[2] === 'WD' ? ctx.calendar.addWorkingDays(ctx.now, n) : ctx.calendar.addWorkingHours(ctx.now, n);
  }
  const d = parseDuration(limit);
  return d ? addDuration(ctx.now, d) : null;
}
