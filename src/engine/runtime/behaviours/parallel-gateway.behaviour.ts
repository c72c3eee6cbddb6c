/**
 * Parallel gateway. Join: fires when at least one token waits on each incoming flow of the same scope
 * instance (spec p. 436), consuming one token per flow; extra tokens on a flow wait for the next firing.
 * (Camunda only counts tokens against the number of flows; we follow the spec.) Fork: one token per outgoing
 * flow; conditions on outgoing flows are ignored, as the spec requires.
 */
import type { FlowNode } from '../../model/process-model.js';
import type { Execution } from '../execution.js';
import type { Token } from '../state.js';
import type { Behaviour } from './behaviour.js';

/** Tokens joining at node in the token's scope, one per incoming flow in flow order, or null if one is missing. */
export function joinSet(exec: Execution, token: Token, node: FlowNode): Token[] | null {
  const waiting = exec.state.tokens.filter(
    (t) => t.scopeId === token.scopeId && t.elementId === node.id && t.wait === 'join',
  );
  const picked: Token[] = [];
  for (const flowId of node.incoming) {
    const t = waiting.find((w) => w.arrivedVia === flowId);
    if (!t) return null;
    picked.push(t);
  }
  return picked;
}

/** Merges the picked tokens into the first one, which continues. */
export function mergeJoin(exec: Execution, picked: Token[]): Token | undefined {
  const [first, ...rest] = picked;
  if (!first) return undefined;
  for (const t of rest) {
    if (t.jointOpinions && !first.jointOpinions) first.jointOpinions = t.jointOpinions;
    exec.removeToken(t);
  }
  return first;
}

export const parallelGatewayBehaviour: Behaviour = {
  enter(exec, token, node) {
    if (node.incoming.length > 1) {
      exec.wait(token, 'join');
      const picked = joinSet(exec, token, node);
      if (!picked) return;
      token = mergeJoin(exec, picked) ?? token;
    }
    exec.leave(token, node.outgoing);
  },
};
