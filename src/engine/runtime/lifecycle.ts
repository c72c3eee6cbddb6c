/**
 * Wires the Execution to the behaviours: multi-instance bodies wrap the element's behaviour; scope
 * completion continues the holder (subprocess leaves, event subprocess ends, MI item reports, process ends);
 * inclusive joins are re-checked, and conditional events evaluated (runtime/conditions), whenever the
 * agenda drains.
 */
import { BEHAVIOURS } from './behaviours/registry.js';
import { tryInclusiveJoins } from './behaviours/inclusive-gateway.behaviour.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import { evaluateConditions } from './conditions.js';
import type { Hooks } from './execution.js';
import { enterMultiInstanceBody, itemCompleted } from './multi-instance.js';

export const HOOKS: Hooks = {
  enter(exec, token, node) {
    if (node.type === 'unsupported') {
      throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `${node.id} cannot be executed`, node.id);
    }
    if (node.multiInstance && !exec.isInnerInstance(token)) return enterMultiInstanceBody(exec, token, node);
    BEHAVIOURS[node.type].enter(exec, token, node);
  },
  scopeCompleted(exec, scope) {
    switch (scope.kind) {
      case 'process':
        return exec.endInstance('completed', 'completed', null);
      case 'subProcess': {
        const holder = exec.token(scope.parentTokenId);
        if (holder) exec.leave(holder);
        return;
      }
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
};
