import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/** A conditional event needs a condition (FEEL or the supported `${...}` subset) to evaluate. */
export const conditionalRule: ValidationRule = {
  name: 'conditional',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => n.eventKind === 'conditional' && n.type !== 'unsupported' && n.conditional === null)
      .map((n) => nodeError(CompileCode.CONDITIONAL_WITHOUT_CONDITION, n, `${n.id} has no condition`)),
};
