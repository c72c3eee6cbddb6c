import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import type { Draft } from '../builder.js';
import type { FlowNode } from '../process-model.js';
import { nodeError, type ValidationRule } from './rule.js';

/** Escalation catchers of one activity (its boundaries) or of one scope (its event subprocesses' starts). */
function catcherGroups(draft: Draft): FlowNode[][] {
  const groups: FlowNode[][] = [];
  for (const node of draft.nodes.values()) {
    const bounds = node.boundaryIds.map((id) => draft.nodes.get(id)).filter((b) => b?.eventKind === 'escalation');
    if (bounds.length > 1) groups.push(bounds as FlowNode[]);
  }
  for (const scope of draft.scopes.values()) {
    const starts = scope.eventSubProcessIds
      .map((id) => draft.nodes.get(draft.scopes.get(id)?.startEventIds[0] ?? ''))
      .filter((s) => s?.eventKind === 'escalation');
    if (starts.length > 1) groups.push(starts as FlowNode[]);
  }
  return groups;
}

/**
 * As Camunda's parser: a throwing escalation event names an escalation with a code; one activity (or
 * scope) has at most one escalation catcher per code and at most one without a code — otherwise which
 * one catches would depend on document order.
 */
export const escalationRule: ValidationRule = {
  name: 'escalation',
  check(draft) {
    const errors: CompileError[] = [];
    for (const n of draft.nodes.values()) {
      const throws = n.type === 'endEvent' || n.type === 'intermediateThrowEvent';
      if (throws && n.eventKind === 'escalation' && n.escalationCode === null) {
        errors.push(nodeError(CompileCode.INVALID_ESCALATION, n, `${n.id} throws an escalation without a code`));
      }
    }
    for (const group of catcherGroups(draft)) {
      const seen = new Set<string | null>();
      for (const c of group) {
        if (seen.has(c.escalationCode)) {
          const which = c.escalationCode === null ? 'without a code' : `for code ${c.escalationCode}`;
          errors.push(nodeError(CompileCode.INVALID_ESCALATION, c, `${c.id}: a second escalation catcher ${which}`));
        }
        seen.add(c.escalationCode);
      }
    }
    return errors;
  },
};
