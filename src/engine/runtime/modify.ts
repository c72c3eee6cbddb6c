/**
 * Process-instance modification: cancel the tokens at `fromElementIds` (each must hold one) and start a
 * token at `toElementId` in the surviving scope instance of that element's scope. Used for "return to an
 * earlier task". Refused with ENGINE.INVALID_MODIFICATION when ambiguous.
 */
import type { Trigger } from '../contract.js';
import { EngineError, EngineErrorCode } from '../errors/engine-error.js';
import type { Execution } from './execution.js';

type Modify = Extract<Trigger, { type: 'modify' }>;

export function modify(exec: Execution, t: Modify): void {
  const target = exec.model.nodes.get(t.toElementId);
  // A compensation handler runs only for a compensation (runtime/compensation), never as a step of its own.
  const notAStep = !target || target.type === 'boundaryEvent' || target.isEventSubProcess || target.isForCompensation;
  if (!target || notAStep || target.type === 'unsupported') {
    throw new EngineError(
      EngineErrorCode.INVALID_MODIFICATION,
      `cannot start a token at ${t.toElementId}`,
      t.toElementId,
    );
  }
  const affected = new Set<string>();
  for (const elementId of t.fromElementIds) {
    const tokens = exec.state.tokens.filter((x) => x.elementId === elementId && !exec.isInnerInstance(x));
    if (tokens.length === 0)
      throw new EngineError(EngineErrorCode.INVALID_MODIFICATION, `no token at ${elementId}`, elementId);
    for (const token of tokens) {
      affected.add(token.scopeId);
      exec.cancelToken(token);
    }
  }
  const scopes = exec.state.scopes.filter((s) =>
    target.scopeId === exec.model.key
      ? s.id === exec.state.rootScopeId
      : s.elementId === target.scopeId && s.kind === 'subProcess',
  );
  const scope = scopes.length === 1 ? scopes[0] : undefined;
  if (!scope) {
    throw new EngineError(
      EngineErrorCode.INVALID_MODIFICATION,
      `the scope of ${t.toElementId} is not active exactly once`,
      t.toElementId,
    );
  }
  exec.setVariables(scope.id, t.variables);
  exec.createToken(target.id, scope.id);
  exec.run();
  for (const scopeId of affected) exec.checkScopeCompletion(scopeId);
}
