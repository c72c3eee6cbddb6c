/**
 * Link intermediate throw event: the token continues at the link catch event of the same name in its scope
 * (exactly one, checked at compile time) and leaves it through its outgoing flows, as if a sequence flow
 * joined them. The catch event itself never waits.
 */
import { EngineError, EngineErrorCode } from '../../errors/engine-error.js';
import type { Behaviour } from './behaviour.js';

export const linkThrowBehaviour: Behaviour = {
  enter(exec, token, node) {
    exec.emit({ type: 'element.left', elementId: node.id, name: node.name, elementType: node.type });
    const scopeDef = exec.model.scopes.get(node.scopeId);
    const target = (scopeDef?.nodeIds ?? [])
      .map((id) => exec.node(id))
      .find((n) => n.type === 'intermediateCatchEvent' && n.linkName === node.linkName);
    if (!target)
      throw new EngineError(EngineErrorCode.UNSUPPORTED_STATE, `no link catch event "${node.linkName ?? ''}"`, node.id);
    token.elementId = target.id;
    token.arrivedVia = null;
    exec.emit({ type: 'element.entered', elementId: target.id, name: target.name, elementType: target.type });
    exec.leave(token);
  },
};
