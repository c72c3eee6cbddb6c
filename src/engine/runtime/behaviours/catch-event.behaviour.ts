/**
 * Intermediate catch event (message, timer, signal, conditional) and receive task: wait for
 * correlateMessage / fireTimer / broadcastSignal / the condition (runtime/conditions), then
 * take the message's variables and leave. When reached through an event-based gateway the trigger has
 * already happened (token.fired): pass on.
 */
import { openBoundaries, openEventWait } from '../waits.js';
import type { Behaviour } from './behaviour.js';

export const catchEventBehaviour: Behaviour = {
  enter(exec, token, node) {
    if (token.fired) {
      delete token.fired;
      return exec.leave(token);
    }
    const kind = node.eventKind;
    exec.wait(token, kind === 'timer' || kind === 'signal' || kind === 'conditional' ? kind : 'message');
    openEventWait(exec, node, { tokenId: token.id, scopeId: token.scopeId, purpose: 'catch' });
    if (node.type === 'receiveTask') openBoundaries(exec, token, node);
  },

  fired(exec, _node, { owner, variables }) {
    if (!owner) return false;
    exec.setVariables(owner.scopeId, variables);
    exec.leave(owner);
    return true;
  },
};
