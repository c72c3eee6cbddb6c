import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/**
 * Link events are a "go to" inside one scope: each link throw names exactly one link catch of its scope
 * (several throws may share it), a throw has no outgoing and a catch no incoming sequence flow.
 */
export const linkRule: ValidationRule = {
  name: 'link',
  check(draft) {
    const errors: CompileError[] = [];
    for (const node of draft.nodes.values()) {
      if (node.linkName === null) continue;
      const invalid = (message: string): number => errors.push(nodeError(CompileCode.INVALID_LINK, node, message));
      if (node.type === 'intermediateThrowEvent') {
        const targets = [...draft.nodes.values()].filter(
          (n) => n.type === 'intermediateCatchEvent' && n.linkName === node.linkName && n.scopeId === node.scopeId,
        );
        if (targets.length !== 1)
          invalid(
            `link "${node.linkName}" of ${node.id} needs exactly one link catch event in the same scope (found ${targets.length})`,
          );
        if (node.outgoing.length > 0) invalid(`a link throw event (${node.id}) has no outgoing sequence flows`);
      } else if (node.incoming.length > 0) {
        invalid(`a link catch event (${node.id}) has no incoming sequence flows`);
      }
    }
    return errors;
  },
};
