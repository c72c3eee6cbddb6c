/**
 * Intermediate throw event. escalation: thrown to the enclosing catchers (runtime/escalation); the token
 * goes on unless an interrupting catcher cancelled it. signal: this instance's own catchers fire at once
 * and the signal is announced (signal.thrown) for the caller to broadcast to the others; the token goes
 * on unless an interrupting catcher cancelled it. none and message: pass-through (deviation for message: nothing is sent).
 */
import { throwEscalation } from '../escalation.js';
import { throwSignal } from '../signal-throw.js';
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
    if (node.eventKind === 'signal') {
      throwSignal(exec, token, node);
      if (exec.token(token.id)) passThroughBehaviour.enter(exec, token, node);
      return;
    }
    passThroughBehaviour.enter(exec, token, node);
  },
};
