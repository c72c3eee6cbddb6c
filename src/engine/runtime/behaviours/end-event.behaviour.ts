/**
 * End events. none / message (deviation: no message is sent): the token is consumed; the scope completes
 * when it was the last one. terminate: every token of the enclosing scope instance is cancelled and that
 * scope completes (a terminate inside a subprocess ends only the subprocess, as in BPMN and Camunda).
 * error: the error is thrown to the enclosing scopes (see bpmn-error.ts). escalation: thrown to the
 * enclosing catchers (escalation.ts), then the token is consumed unless an interrupting catcher already
 * cancelled it. signal: this instance's own catchers fire at once and the signal is announced
 * (signal.thrown) for the caller to broadcast to the others; then consumed, as for escalation.
 */
import { throwBpmnError } from '../bpmn-error.js';
import { throwEscalation } from '../escalation.js';
import { throwSignal } from '../signal-throw.js';
import type { Behaviour } from './behaviour.js';

export const endEventBehaviour: Behaviour = {
  enter(exec, token, node) {
    exec.emit({ type: 'element.left', elementId: node.id, name: node.name, elementType: node.type });
    if (node.eventKind === 'error') {
      exec.removeToken(token);
      throwBpmnError(exec, {
        fromToken: null,
        scopeId: token.scopeId,
        errorCode: node.errorCode,
        message: null,
        elementId: node.id,
      });
      return;
    }
    if (node.eventKind === 'escalation') {
      // Thrown while the token still holds its scope open, so the scope's holder can still catch it.
      throwEscalation(exec, {
        atActivity: null,
        scopeId: token.scopeId,
        code: node.escalationCode,
        elementId: node.id,
      });
      if (exec.token(token.id)) exec.consume(token);
      return;
    }
    if (node.eventKind === 'signal') {
      // Fired while the token still holds its scope open, so an event subprocess of that scope can catch it.
      throwSignal(exec, token, node);
      if (exec.token(token.id)) exec.consume(token);
      return;
    }
    if (node.eventKind === 'terminate') {
      const scope = exec.scope(token.scopeId);
      if (scope?.id === exec.state.rootScopeId) {
        exec.removeToken(token);
        exec.endInstance('terminated', 'terminated', node.id);
        return;
      }
      for (const t of exec.state.tokens.filter((x) => x.scopeId === token.scopeId && x.id !== token.id))
        exec.cancelToken(t);
      for (const child of exec.state.scopes.filter((s) => s.parentScopeId === token.scopeId)) exec.cancelScope(child);
    }
    exec.consume(token);
  },
};
