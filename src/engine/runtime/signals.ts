/**
 * Signals. A throw event announces the signal (signal.thrown) and goes on: broadcasting is the caller's
 * (one durable delivery per subscribed case, this one included), so a throw never reaches into other
 * instances from inside a pure step. A broadcast (trigger broadcastSignal) fires every open signal
 * subscription of that name once, in the order they were opened, each only if an earlier one of the
 * same broadcast did not close it (an interrupting boundary cancelling its activity, say).
 */
import type { TriggerOf } from './behaviours/behaviour.js';
import type { Execution } from './execution.js';
import { fireSubscription } from './triggers.js';

export function broadcastSignal(exec: Execution, t: TriggerOf<'broadcastSignal'>): void {
  const only = t.subscriptionIds ? new Set(t.subscriptionIds) : null;
  const targets = exec.state.subscriptions.filter(
    (s) => s.kind === 'signal' && s.messageName === t.name && (!only || only.has(s.subscriptionId)),
  );
  for (const sub of targets) {
    if (!exec.state.subscriptions.some((s) => s.subscriptionId === sub.subscriptionId)) continue;
    exec.emit({
      type: 'signal.received',
      subscriptionId: sub.subscriptionId,
      elementId: sub.elementId,
      signalName: t.name,
    });
    fireSubscription(exec, sub, t.variables);
  }
}
