import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/**
 * An exclusive gateway with more than one unconditional non-default outgoing flow is ambiguous
 * (Camunda would silently take the first); we refuse it.
 */
export const ambiguousExclusiveGatewayRule: ValidationRule = {
  name: 'ambiguous-exclusive-gateway',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => n.type === 'exclusiveGateway')
      .filter((n) => n.outgoing.filter((id) => n.defaultFlow !== id && !draft.flows.get(id)?.condition).length > 1)
      .map((n) =>
        nodeError(
          CompileCode.AMBIGUOUS_EXCLUSIVE_GATEWAY,
          n,
          `exclusive gateway ${n.id} has more than one unconditional non-default outgoing flow`,
        ),
      ),
};
