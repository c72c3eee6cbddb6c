import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import type { Draft } from '../builder.js';
import { isActivity, type FlowNode } from '../process-model.js';
import { nodeError, type ValidationRule } from './rule.js';

const invalid = (node: FlowNode, message: string): CompileError =>
  nodeError(CompileCode.INVALID_COMPENSATION, node, message);

/** The scopes whose completed activities a throw in `scopeId` may name: its own, and above an event subprocess. */
function compensableScopes(draft: Draft, scopeId: string): string[] {
  const out = [scopeId];
  for (let s = draft.nodes.get(scopeId); s?.isEventSubProcess; s = draft.nodes.get(s.scopeId)) out.push(s.scopeId);
  return out;
}

function compensationStarts(draft: Draft, scopeId: string): FlowNode[] {
  return (draft.scopes.get(scopeId)?.eventSubProcessIds ?? []).flatMap((esp) =>
    (draft.scopes.get(esp)?.startEventIds ?? [])
      .map((id) => draft.nodes.get(id))
      .filter((n): n is FlowNode => n?.eventKind === 'compensate'),
  );
}

function boundaryErrors(draft: Draft, b: FlowNode): CompileError[] {
  const errors: CompileError[] = [];
  // Without an association the boundary compensates nothing (Camunda deploys it too); with one, it must be a handler.
  const handlers = (draft.compensationAssociations.get(b.id) ?? []).map((id) => draft.nodes.get(id));
  if (handlers.length > 1 || handlers.some((h) => !h || !isActivity(h) || !h.isForCompensation))
    errors.push(invalid(b, `${b.id} must be associated with one activity with isForCompensation="true"`));
  if (b.outgoing.length > 0) errors.push(invalid(b, `a compensation boundary event (${b.id}) has no outgoing flows`));
  const host = draft.nodes.get(b.attachedTo ?? '');
  if (!host) return errors;
  const siblings = host.boundaryIds.filter((id) => draft.nodes.get(id)?.eventKind === 'compensate');
  if (siblings.length > 1 && siblings[0] !== b.id)
    errors.push(invalid(b, `${host.id} has more than one compensation boundary event`));
  if (compensationStarts(draft, host.id).length > 0)
    errors.push(invalid(b, `${host.id} has both a compensation boundary event and a compensation event subprocess`));
  return errors;
}

function throwErrors(draft: Draft, node: FlowNode): CompileError[] {
  const ref = node.compensation?.activityRef;
  if (!ref) return [];
  const target = draft.nodes.get(ref);
  if (!target || !isActivity(target) || target.isForCompensation)
    return [invalid(node, `${node.id}: activityRef "${ref}" does not name an activity`)];
  if (!compensableScopes(draft, node.scopeId).includes(target.scopeId))
    return [invalid(node, `${node.id}: activityRef "${ref}" is not in the scope of the compensation event`)];
  return [];
}

/**
 * Compensation as Camunda 7 accepts it: a compensation boundary event is associated with one
 * isForCompensation activity (one such boundary per activity, not together with a compensation event
 * subprocess); handlers have no sequence flows; a compensation event subprocess lives in an embedded
 * subprocess (one per scope); activityRef names an activity of the throwing scope.
 */
export const compensationRule: ValidationRule = {
  name: 'compensation',
  check(draft) {
    const errors: CompileError[] = [];
    for (const node of draft.nodes.values()) {
      if (node.type === 'boundaryEvent' && node.eventKind === 'compensate') errors.push(...boundaryErrors(draft, node));
      if (node.compensation) errors.push(...throwErrors(draft, node));
      // At process level (in a subprocess the start-events rule already refuses it).
      if (node.type === 'startEvent' && node.eventKind === 'compensate' && node.scopeId === draft.model.key)
        errors.push(invalid(node, 'a compensation start event is only allowed in an event subprocess'));
      if (node.isForCompensation && (node.incoming.length > 0 || node.outgoing.length > 0))
        errors.push(invalid(node, `compensation handler ${node.id} cannot have incoming or outgoing sequence flows`));
    }
    for (const scope of draft.scopes.values()) {
      const starts = compensationStarts(draft, scope.id);
      const first = starts[0];
      if (first && scope.kind === 'process')
        errors.push(invalid(first, 'a compensation event subprocess must be inside an embedded subprocess'));
      for (const extra of starts.slice(1))
        errors.push(invalid(extra, `${scope.id} has more than one compensation event subprocess`));
    }
    return errors;
  },
};
