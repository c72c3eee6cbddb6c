import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import type { ValidationRule } from './rule.js';

/** Every sequence flow must connect two flow nodes of the same scope. */
export const invalidFlowReferenceRule: ValidationRule = {
  name: 'invalid-flow-reference',
  check(draft) {
    const errors: CompileError[] = [];
    for (const f of draft.flows.values()) {
      const source = draft.nodes.get(f.sourceId);
      const target = draft.nodes.get(f.targetId);
      let problem: string | null = f.brokenReference ? `${f.brokenReference} does not resolve` : null;
      if (!problem && (!source || !target)) problem = 'source or target is not a flow node';
      if (!problem && (source?.scopeId !== f.scopeId || target?.scopeId !== f.scopeId))
        problem = 'crosses a scope boundary';
      if (!problem && (target?.type === 'startEvent' || target?.type === 'boundaryEvent'))
        problem = `targets a ${target.type}`;
      if (!problem && source?.type === 'endEvent') problem = 'leaves an end event';
      if (problem) {
        errors.push({
          code: CompileCode.INVALID_FLOW_REFERENCE,
          message: `sequence flow ${f.id}: ${problem}`,
          elementId: f.id,
          elementType: 'SequenceFlow',
        });
      }
    }
    return errors;
  },
};
