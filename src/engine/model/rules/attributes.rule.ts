import { nodeError, type ValidationRule } from './rule.js';

/** Problems found while reading extension attributes (tb:step, tb:clock, tb:timeLimit, tb:jointPolicy, mappings). */
export const attributesRule: ValidationRule = {
  name: 'attributes',
  check: (draft) =>
    [...draft.nodes.values()].flatMap((n) =>
      n.attributeProblems.map((p) => nodeError(p.code, n, `${n.id}: ${p.message}`)),
    ),
};
