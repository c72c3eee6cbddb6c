import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/** Elements we cannot execute are refused at deploy time, each named with id and type — never ignored. */
export const unsupportedElementRule: ValidationRule = {
  name: 'unsupported-element',
  check: (draft) =>
    [...draft.nodes.values()]
      .filter((n) => n.unsupported !== null)
      .map((n) => nodeError(CompileCode.UNSUPPORTED_ELEMENT, n, `${n.id}: ${n.unsupported ?? ''} is not supported`)),
};
