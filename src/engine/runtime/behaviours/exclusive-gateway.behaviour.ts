/**
 * Exclusive gateway: the first outgoing flow (document order) whose condition is true, else the default flow,
 * else ENGINE.NO_OUTGOING_FLOW (the caller keeps its old state). Several incoming flows: each token passes
 * alone (no join), as the spec says.
 */
import type { Behaviour } from './behaviour.js';

export const exclusiveGatewayBehaviour: Behaviour = {
  enter: (exec, token, node) => exec.leave(token, exec.selectFlows(node, token, true)),
};
