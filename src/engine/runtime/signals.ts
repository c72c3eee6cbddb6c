/**
 * Signals. A throw event (runtime/signal-throw) announces the signal and fires this instance's own
 * open subscriptions of that name at once, through this broadcast; reaching other instances is the
 * caller's (one durable delivery per other subscribed case), so a throw never reaches into other
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
