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
};
