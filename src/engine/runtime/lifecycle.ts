/**
 * Wires the Execution to the behaviours: multi-instance bodies wrap the element's behaviour; scope
 * completion continues the holder (subprocess leaves, event subprocess ends, MI item reports, process ends);
 * inclusive joins are re-checked, and conditional events evaluated (runtime/conditions), whenever the
 * agenda drains.
 */
import { finishCancel } from './behaviours/cancel-end.behaviour.js';
import { behaviourOf } from './behaviours/registry.js';
import { recordCompletion, unitCompleted } from './compensation.js';
import type { Execution } from './execution.js';
import type { Token } from './state.js';
import { tryInclusiveJoins } from './behaviours/inclusive-gateway.behaviour.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import { evaluateConditions } from './conditions.js';
import type { Hooks } from './execution.js';
import { enterMultiInstanceBody, itemCompleted } from './multi-instance.js';
import { broadcastSignal } from './signals.js';

export const HOOKS: Hooks = {
  enter(exec, token, node) {
    if (node.type === 'unsupported') {
      throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `${node.id} cannot be executed`, node.id);
    }
    if (node.multiInstance && !exec.isInnerInstance(token)) return enterMultiInstanceBody(exec, token, node);
    behaviourOf(node, node.type).enter(exec, token, node);
  },
  left: (exec, token, node) => recordCompletion(exec, token, node),
  scopeCompleted(exec, scope) {
    switch (scope.kind) {
      case 'process':
        return exec.endInstance('completed', 'completed', null);
      case 'subProcess': {
        const holder = exec.token(scope.parentTokenId);
        if (!holder) return;
        recordCompletion(exec, holder, exec.node(holder.elementId), scope);
        exec.leave(holder);
        return;
      }
      case 'compensation':
        return unitCompleted(exec, scope, finishCompensated);
      case 'eventSubProcess': {
        const holder = exec.token(scope.parentTokenId);
        if (holder) {
          const node = exec.node(holder.elementId);
          exec.emit({ type: 'element.left', elementId: node.id, name: node.name, elementType: node.type });
          exec.consume(holder);
        }
        return;
      }
      case 'multiInstanceItem':
        return itemCompleted(exec, scope);
      case 'multiInstanceBody':
        return; // finished explicitly by multi-instance.ts
    }
  },
  afterAgenda: (exec) => tryInclusiveJoins(exec) || evaluateConditions(exec),
  signal: (exec, name, variables) => broadcastSignal(exec, { type: 'broadcastSignal', name, variables }),
};

/** A token that waited for compensation continues as it asked: leaves its event, ends, or cancels a transaction. */
function finishCompensated(exec: Execution, token: Token): void {
  const then = token.onCompensated;
  delete token.onCompensated;
  if (then === 'leave') return exec.leave(token);
  if (then === 'cancel') return finishCancel(exec, token);
  exec.consume(token);
}
