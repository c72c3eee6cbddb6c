import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/** A multi-instance activity needs an input collection or a loop cardinality. */
export const multiInstanceRule: ValidationRule = {
  name: 'multi-instance',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => n.multiInstance && !n.multiInstance.collection && !n.multiInstance.cardinality)
      .map((n) =>
        nodeError(
          CompileCode.MULTI_INSTANCE_WITHOUT_COLLECTION,
          n,
          `${n.id}: multi-instance needs a collection or loopCardinality`,
        ),
      ),
};
