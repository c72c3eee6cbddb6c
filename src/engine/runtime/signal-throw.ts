/**
 * A signal throw event (intermediate or end): announced (signal.thrown) for the caller to broadcast to the
 * other instances, and delivered here, in this step, to the subscriptions open at this moment — as Camunda
 * delivers within the throwing transaction; those the throw itself leads to are not reached. Its variables
 * (if the model names any) are evaluated in the thrower's scope and go with it, here and to the others.
 * The delivery goes through the Execution's hook (runtime/lifecycle → runtime/signals), so behaviours do
 * not depend on the trigger code that depends on them.
 */
import type { FlowNode } from '../model/process-model.js';
import type { Execution } from './execution.js';
import { mappedVariables } from './mappings.js';
import type { Token } from './state.js';

export function throwSignal(exec: Execution, token: Token, node: FlowNode): void {
  const name = node.signalName ?? '';
  const payload = node.signalPayload;
  const variables = payload ? mappedVariables(exec, token.scopeId, node.id, payload.all, payload.mappings) : undefined;
  exec.emit({ type: 'signal.thrown', elementId: node.id, signalName: name, ...(variables ? { variables } : {}) });
  exec.signalHere(name, variables);
}
