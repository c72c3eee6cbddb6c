/**
 * Start event (none, message, timer; error only in event subprocesses). BPMN: the instance/scope is created
 * by the trigger, so the start event itself just passes the token on. Message/timer triggers are handled by
 * the caller (start options) or by the event-subprocess wait, never here.
 */
import type { Behaviour } from './behaviour.js';

export const startEventBehaviour: Behaviour = {
  enter: (exec, token) => exec.leave(token),
};
