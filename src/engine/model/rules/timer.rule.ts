import type { CompileError } from '../../contract.js';
import { parseCycle, parseDateTime, parseDuration } from '../../calendar/iso-duration.js';
import { CompileCode } from '../../errors/compile-codes.js';
import type { TimerDef } from '../process-model.js';
import { nodeError, type ValidationRule } from './rule.js';

export function literalTimerValid(timer: TimerDef): boolean {
  const text = timer.literal ?? '';
  if (timer.kind === 'date') return parseDateTime(text) !== null;
  if (timer.kind === 'duration') return parseDuration(text) !== null;
  return parseCycle(text) !== null;
}

/** Literal timers must be ISO-8601: timeDate with a zone, timeDuration, timeCycle R[n]/[start/]duration (no cron). */
export const timerRule: ValidationRule = {
  name: 'timer',
  check(draft) {
    const errors: CompileError[] = [];
    for (const node of draft.nodes.values()) {
      const t = node.timer;
      if (!t || t.expr) continue;
      if (!literalTimerValid(t)) {
        errors.push(
          nodeError(CompileCode.INVALID_TIMER, node, `${node.id}: invalid ${t.kind} timer '${t.literal ?? ''}'`),
        );
      }
    }
    return errors;
  },
};
