/**
 * Event-based gateway: the token waits on every following catch event / receive task at once (waits owned
 * by the gateway token). The first trigger closes the other waits and moves the token through its flow.
 */
import { openEventWait } from '../waits.js';
import type { Behaviour } from './behaviour.js';

export const eventBasedGatewayBehaviour: Behaviour = {
  enter(exec, token, node) {
    exec.wait(token, 'eventGateway');
    for (const flowId of node.outgoing) {
      const target = exec.node(exec.flow(flowId).targetId);
      openEventWait(exec, target, {
        tokenId: token.id,
        scopeId: token.scopeId,
        purpose: 'eventGateway',
        viaFlowId: flowId,
      });
    }
  },

  /** The first event: the other waits close and the token goes through that event's flow (its catch event passes). */
  fired(exec, node, { wait, owner, variables }) {
    if (!owner) return false;
    exec.setVariables(owner.scopeId, variables);
    exec.emit({ type: 'element.left', elementId: node.id, name: node.name, elementType: node.type });
    exec.closeOwnedWaits(owner);
    owner.fired = true;
    exec.takeFlows(owner, [wait.viaFlowId ?? '']);
    return true;
  },
};
