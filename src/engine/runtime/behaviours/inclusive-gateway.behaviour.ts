/**
 * Inclusive gateway. Split: every outgoing flow whose condition is true (unconditional = true), else the
 * default flow, else ENGINE.NO_OUTGOING_FLOW. Join: waits while any other token of the same scope instance
 * can still reach the gateway (reachability over sequence flows and boundary events of the scope); then fires
 * with one token per incoming flow that has one. Re-checked whenever the agenda drains (runtime/lifecycle).
 */
import type { FlowNode, ProcessModel } from '../../model/process-model.js';
import type { Execution } from '../execution.js';
import type { Token } from '../state.js';
import type { Behaviour } from './behaviour.js';
import { mergeJoin } from './parallel-gateway.behaviour.js';

const reachCache = new WeakMap<ProcessModel, Map<string, ReadonlySet<string>>>();

/** Nodes reachable from a node within its scope (excluding itself unless on a cycle). */
export function reachable(model: ProcessModel, fromId: string): ReadonlySet<string> {
  let cache = reachCache.get(model);
  if (!cache) {
    cache = new Map<string, ReadonlySet<string>>();
    reachCache.set(model, cache);
  }
  const hit = cache.get(fromId);
  if (hit) return hit;
  const seen = new Set<string>();
  const queue = [fromId];
  while (queue.length > 0) {
    const node = model.nodes.get(queue.pop() ?? '');
    if (!node) continue;
    const next = [...node.outgoing.map((f) => model.flows.get(f)?.targetId ?? ''), ...node.boundaryIds];
    for (const id of next) {
      if (!seen.has(id)) {
        seen.add(id);
        queue.push(id);
      }
    }
  }
  cache.set(fromId, seen);
  return seen;
}

/** Tries to fire one waiting inclusive join; returns true when one fired. */
export function tryInclusiveJoins(exec: Execution): boolean {
  for (const token of exec.state.tokens) {
    if (token.wait !== 'join') continue;
    const node = exec.node(token.elementId);
    if (node.type !== 'inclusiveGateway') continue;
    const others = exec.state.tokens.filter(
      (t) => t.scopeId === token.scopeId && !(t.elementId === node.id && t.wait === 'join'),
    );
    if (others.some((t) => reachable(exec.model, t.elementId).has(node.id))) continue;
    fire(exec, token, node);
    return true;
  }
  return false;
}

function fire(exec: Execution, token: Token, node: FlowNode): void {
  const waiting = exec.state.tokens.filter(
    (t) => t.scopeId === token.scopeId && t.elementId === node.id && t.wait === 'join',
  );
  const picked: Token[] = [];
  for (const flowId of node.incoming) {
    const t = waiting.find((w) => w.arrivedVia === flowId);
    if (t) picked.push(t);
  }
  const first = mergeJoin(exec, picked.length > 0 ? picked : [token]) ?? token;
  exec.leave(first, exec.selectFlows(node, first, false));
}

export const inclusiveGatewayBehaviour: Behaviour = {
  enter(exec, token, node) {
    if (node.incoming.length > 1) {
      exec.wait(token, 'join');
      return; // fired by tryInclusiveJoins once nothing upstream can arrive
    }
    exec.leave(token, exec.selectFlows(node, token, false));
  },
};
