/**
 * Boundary event: its timer or message fires on the attached activity's token (the wait's owner);
 * an interrupting one cancels that activity first. A token is then created at the boundary event and
 * simply leaves. (Error boundaries are reached through runtime/bpmn-error.)
 */
import type { Behaviour } from './behaviour.js';

export const boundaryEventBehaviour: Behaviour = {
  enter: (exec, token) => exec.leave(token),

  fired(exec, node, { owner, variables }) {
    if (!owner) return false;
    if (node.interrupting) exec.cancelToken(owner);
    const t = exec.createToken(node.id, owner.scopeId);
    exec.setVariables(t.scopeId, variables);
    return true;
  },
};
