import { CompileCode } from '../../errors/compile-codes.js';
import type { FlowNode } from '../process-model.js';
import { nodeError, type ValidationRule } from './rule.js';

function isLinkCatch(n: FlowNode | undefined, name: string | null): boolean {
  return n?.type === 'intermediateCatchEvent' && n.linkName === name;
}

/**
 * Every node must be reachable from a start event of its scope (event subprocesses and boundary events
 * of reachable activities count as entry points, and so do compensation handlers, which only compensation
 * starts).
 */
export const unreachableNodeRule: ValidationRule = {
  name: 'unreachable-node',
  check(draft) {
    const reached = new Set<string>();
    for (const scope of draft.scopes.values()) {
      const handlers = scope.nodeIds.filter((id) => draft.nodes.get(id)?.isForCompensation === true);
      const queue = [...scope.startEventIds, ...scope.eventSubProcessIds, ...handlers];
      while (queue.length > 0) {
        const id = queue.shift() ?? '';
        if (reached.has(id)) continue;
        reached.add(id);
        const node = draft.nodes.get(id);
        if (!node) continue;
        for (const f of node.outgoing) queue.push(draft.flows.get(f)?.targetId ?? '');
        queue.push(...node.boundaryIds);
        // A link throw continues at the link catch of the same name in its scope.
        if (node.type === 'intermediateThrowEvent' && node.linkName !== null)
          queue.push(...scope.nodeIds.filter((c) => isLinkCatch(draft.nodes.get(c), node.linkName)));
      }
    }
    return [...draft.nodes.values()]
      .filter((n) => !reached.has(n.id) && n.type !== 'unsupported')
      .map((n) => nodeError(CompileCode.UNREACHABLE_NODE, n, `${n.id} cannot be reached from a start event`));
  },
};
