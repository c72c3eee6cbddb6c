/**
 * Conditional events (intermediate catch, boundary, event-subprocess start). Evaluation points:
 * 1. on entry — when the wait opens (the catch event is reached, the activity carrying the boundary
 *    starts, the scope holding the event subprocess starts), once, at the end of that step;
 * 2. on change — after a command's step in which variables were set (task completion, message, signal,
 *    external task, call output, setVariables, modification), every open conditional wait whose
 *    `camunda:variableName` filter (if any) names one of the variables set.
 * Evaluation happens when the agenda has drained, so a condition sees the variables as the step left
 * them; a condition that is true fires its event once per evaluation point, never continuously, so a
 * non-interrupting boundary whose condition stays true does not loop. A condition that fails to evaluate
 * (unknown variable in `${}`, type error) fails the command with ENGINE.EXPRESSION_FAILED.
 */
import type { Execution } from './execution.js';
import type { SubscriptionRecord } from './state.js';
import { fireSubscription } from './triggers.js';

function concerned(exec: Execution, sub: SubscriptionRecord, changed: ReadonlySet<string>): boolean {
  const names = exec.node(sub.elementId).conditional?.variableNames;
  return !names || names.some((n) => changed.has(n));
}

/** Evaluates the conditional waits due for evaluation; answers whether any fired (the agenda runs again). */
export function evaluateConditions(exec: Execution): boolean {
  const fresh = new Set(exec.freshConditions);
  const changed = new Set(exec.changedVariables);
  exec.freshConditions.clear();
  exec.changedVariables.clear();
  if (fresh.size === 0 && changed.size === 0) return false;
  const due = exec.state.subscriptions.filter(
    (s) =>
      s.kind === 'conditional' && (fresh.has(s.subscriptionId) || (changed.size > 0 && concerned(exec, s, changed))),
  );
  let fired = false;
  for (const sub of due) {
    if (!exec.state.subscriptions.some((s) => s.subscriptionId === sub.subscriptionId)) continue;
    const node = exec.node(sub.elementId);
    const def = node.conditional;
    if (!def || !exec.condition(def.condition, sub.scopeId, node.id)) continue;
    exec.emit({ type: 'condition.met', elementId: node.id });
    fireSubscription(exec, sub, undefined);
    fired = true;
  }
  return fired;
}
