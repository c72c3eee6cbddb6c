import type { FlowNode, ProcessModel } from '../../../engine/index.js';

/** One step of the case's history as the timeline recorded it, oldest first. */
export type PathEvent = { kind: 'completed'; elementId: string } | { kind: 'returned'; elementId: string; to: string };

export interface ReturnTarget {
  elementId: string;
  name: string | null;
}

/**
 * The user tasks the case has completed on its current path: a return to X undoes X and everything
 * completed after X (those steps will run again), so they are no longer on the path.
 */
export function currentPath(history: readonly PathEvent[]): string[] {
  return currentPathEntries(history).map((e) => e.elementId);
}

/** The completions still on the current path, as recorded (a return to X drops X's last completion and later). */
export function currentPathEntries<T extends PathEvent>(history: readonly T[]): T[] {
  const path: T[] = [];
  for (const e of history) {
    if (e.kind === 'completed') {
      path.push(e);
      continue;
    }
    const to = e.to;
    const at = path.findLastIndex((x) => x.elementId === to);
    if (at >= 0) path.length = at;
  }
  return path;
}

const isSplitOrJoin = (n: FlowNode): boolean => n.type === 'parallelGateway' || n.type === 'inclusiveGateway';

/**
 * Can a token restarted at `from` reach `to` with the parallel nesting unchanged? A gateway with more than
 * one outgoing flow opens branches (+1), one with more than one incoming flow closes them (−1). A target
 * inside a parallel branch that the current task is past (depth goes below 0) would leave the join waiting
 * for its other branches for ever; a target before a split the current task is inside (depth ends above 0)
 * would run the sibling branches twice. Only the same nesting level, never below it, is a safe return.
 */
function reachesAtSameDepth(model: ProcessModel, from: string, to: string): boolean {
  const seen = new Set<string>();
  const queue: { id: string; depth: number }[] = [{ id: from, depth: 0 }];
  while (queue.length > 0) {
    const { id, depth } = queue.shift() as { id: string; depth: number };
    const node = model.nodes.get(id);
    if (!node) continue;
    let d = depth;
    if (id !== from && isSplitOrJoin(node) && node.incoming.length > 1) d -= 1;
    if (d < 0) continue;
    if (id === to) {
      if (d === 0) return true;
      continue;
    }
    if (isSplitOrJoin(node) && node.outgoing.length > 1) d += 1;
    const key = `${id}@${d}`;
    if (seen.has(key) || d > 32) continue;
    seen.add(key);
    for (const flowId of node.outgoing) {
      const flow = model.flows.get(flowId);
      if (flow && flow.scopeId === node.scopeId) queue.push({ id: flow.targetId, depth: d });
    }
  }
  return false;
}

/** Steps after the decision (制证 onwards): a return from them never reopens the decision. */
const AFTER_DECISION = new Set(['certify', 'seal', 'issue', 'publish', 'archive']);

/**
 * 退回 goes back, never forward: only to a user task (not the current one) in the same scope that the case
 * has completed on its current path and from which the process leads back to the current task at the same
 * parallel nesting level. Never behind the acceptance (受理 is a legal act with its notice; a case is not
 * "returned" to the window) and, from a post-decision step, never behind the decision. Latest first, each
 * element once.
 */
export function returnTargets(
  model: ProcessModel,
  currentElementId: string,
  history: readonly PathEvent[],
): ReturnTarget[] {
  const current = model.nodes.get(currentElementId);
  if (!current) return [];
  const out: ReturnTarget[] = [];
  const seen = new Set<string>();
  const path = currentPath(history);
  const accepted = path.findLastIndex((id) => model.nodes.get(id)?.step === 'receive');
  const afterDecision = AFTER_DECISION.has(current.step ?? '');
  for (const id of path.slice(accepted + 1).reverse()) {
    if (seen.has(id) || id === currentElementId) continue;
    seen.add(id);
    const node = model.nodes.get(id);
    if (!node || node.type !== 'userTask' || node.scopeId !== current.scopeId) continue;
    if (afterDecision && !AFTER_DECISION.has(node.step ?? '')) continue;
    if (!reachesAtSameDepth(model, id, currentElementId)) continue;
    out.push({ elementId: id, name: node.name });
  }
  return out;
}
