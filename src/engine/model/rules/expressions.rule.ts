import type { CompileError } from '../../contract.js';
import type { Expr } from '../../expressions/expression.js';
import type { FlowNode, ValueSpec } from '../process-model.js';
import type { ValidationRule } from './rule.js';

function specExprs(s: ValueSpec | undefined): (Expr | null)[] {
  return s?.kind === 'expr' ? [s.expr] : [];
}

function nodeExprs(n: FlowNode): (Expr | null | undefined)[] {
  const mi = n.multiInstance;
  const ut = n.userTask;
  return [
    n.message?.correlationKey,
    n.timer?.expr,
    n.conditional?.condition,
    mi?.collection,
    mi?.cardinality,
    mi?.completionCondition,
    mi?.policy.kind === 'EXPR' ? mi.policy.expr : null,
    ...specExprs(ut?.candidateDepartments),
    ...specExprs(ut?.candidateRoles),
    ...specExprs(ut?.candidateUsers),
    ...specExprs(ut?.assignee),
    ...(n.call?.inMappings.map((m) => m.source) ?? []),
    ...(n.call?.outMappings.map((m) => m.source) ?? []),
    n.call?.businessKey,
  ];
}

/** FEEL must parse (EXPR.INVALID); `${...}` must be within the safe subset (EXPR.UNSUPPORTED). */
export const expressionsRule: ValidationRule = {
  name: 'expressions',
  check(draft) {
    const errors: CompileError[] = [];
    for (const n of draft.nodes.values()) {
      for (const e of nodeExprs(n)) {
        if (e?.problem)
          errors.push({
            code: e.problem.code,
            message: `${n.id}: ${e.problem.message}`,
            elementId: n.id,
            elementType: n.bpmnType.replace('bpmn:', ''),
          });
      }
    }
    for (const f of draft.flows.values()) {
      const p = f.condition?.problem;
      if (p)
        errors.push({ code: p.code, message: `${f.id}: ${p.message}`, elementId: f.id, elementType: 'SequenceFlow' });
    }
    return errors;
  },
};
