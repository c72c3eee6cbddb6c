/**
 * Intermediate throw event. escalation: thrown to the enclosing catchers (runtime/escalation); the token
 * goes on unless an interrupting catcher cancelled it. signal: announced (signal.thrown) for the caller to
 * broadcast; the token goes on. none and message: pass-through (deviation for message: nothing is sent).
 */
import { throwEscalation } from '../escalation.js';
import type { Behaviour } from './behaviour.js';
import { passThroughBehaviour } from './pass-through.behaviour.js';

export const throwEventBehaviour: Behaviour = {
  enter(exec, token, node) {
    if (node.eventKind === 'escalation') {
      throwEscalation(exec, {
        atActivity: null,
        scopeId: token.scopeId,
        code: node.escalationCode,
        elementId: node.id,
      });
      if (exec.token(token.id)) exec.leave(token);
      return;
    }
    if (node.eventKind === 'signal')
      exec.emit({ type: 'signal.thrown', elementId: node.id, signalName: node.signalName ?? '' });
    passThroughBehaviour.enter(exec, token, node);
  },
};
