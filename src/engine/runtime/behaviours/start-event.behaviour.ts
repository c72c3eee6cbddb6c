/**
 * Start event (none, message, timer; error only in event subprocesses). BPMN: the instance/scope is created
 * by the trigger, so the start event itself just passes the token on. A process's message/timer start is
 * the caller's (start options); the start event of an event subprocess waits on its scope and, when its
 * timer or message fires, triggers the event subprocess (a non-interrupting message stays armed).
 */
import { triggerEventSubProcess } from '../event-subprocess.js';
import type { Behaviour } from './behaviour.js';

export const startEventBehaviour: Behaviour = {
  enter: (exec, token) => exec.leave(token),

  fired(exec, node, { wait, variables, rearmed }) {
    const scope = exec.scope(wait.scopeId);
    if (!scope) return false;
    if (!node.interrupting && !rearmed && 'subscriptionId' in wait) exec.state.subscriptions.push(wait);
    triggerEventSubProcess(exec, scope, node, variables);
    return true;
  },
};
