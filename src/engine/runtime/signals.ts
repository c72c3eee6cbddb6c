/**
 * Signals. A throw event announces the signal (signal.thrown) and fires this instance's own open
 * subscriptions of that name at once, as Camunda does within the throwing transaction; reaching other
 * instances is the caller's (one durable delivery per other subscribed case), so a throw never reaches
 * into other instances from inside a pure step. A broadcast (trigger broadcastSignal) fires every open signal
 * subscription of that name once, in the order they were opened, each only if an earlier one of the
 * same broadcast did not close it (an interrupting boundary cancelling its activity, say).
 */
import type { TriggerOf } from './behaviours/behaviour.js';
import type { FlowNode } from '../model/process-model.js';
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

/**
 * A throw event (intermediate or end) signals: announced for the caller to broadcast to the other
 * instances, and delivered here to the subscriptions open at this moment (those it opens itself while
 * running are not reached, as in Camunda).
 */
export function throwSignal(exec: Execution, node: FlowNode): void {
  const name = node.signalName ?? '';
  exec.emit({ type: 'signal.thrown', elementId: node.id, signalName: name });
  broadcastSignal(exec, { type: 'broadcastSignal', name });
}
