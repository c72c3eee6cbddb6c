/**
 * Cancel end event (inside a transaction, checked at compile time): everything else still running in the
 * transaction is cancelled, its completed activities are compensated (most recent first, waiting for the
 * handlers), then the transaction is left through its cancel boundary event (finishCancel).
 */
import { awaitCompensation, startCompensation } from '../compensation.js';
import type { Execution } from '../execution.js';
import type { Token } from '../state.js';
import type { Behaviour } from './behaviour.js';

export const cancelEndBehaviour: Behaviour = {
  enter(exec, token, node) {
    exec.emit({ type: 'element.left', elementId: node.id, name: node.name, elementType: node.type });
    const tx = exec.scope(token.scopeId);
    if (!tx) return exec.consume(token);
    for (const t of exec.state.tokens.filter((x) => x.scopeId === tx.id && x.id !== token.id)) exec.cancelToken(t);
    for (const child of exec.state.scopes.filter((s) => s.parentScopeId === tx.id)) exec.cancelScope(child);
    exec.emit({ type: 'transaction.cancelled', elementId: tx.elementId, cancelEventId: node.id });
    awaitCompensation(exec, token, 'cancel');
    if (startCompensation(exec, token, tx, null, node.id) === 0) finishCancel(exec, token);
  },
};

/** The token that holds the transaction's boundary events: the activity token, or its multi-instance body's. */
function boundaryOwner(exec: Execution, holder: Token): Token | undefined {
  if (!exec.isInnerInstance(holder)) return holder;
  const body = exec.scope(exec.scope(holder.scopeId)?.parentScopeId ?? null);
  return exec.token(body?.parentTokenId ?? null);
}

/** After compensation: the transaction is cancelled and the flow continues at its cancel boundary event. */
export function finishCancel(exec: Execution, cancelEnd: Token): void {
  delete cancelEnd.onCompensated;
  const tx = exec.scope(cancelEnd.scopeId);
  const holder = exec.token(tx?.parentTokenId ?? null);
  const owner = holder ? boundaryOwner(exec, holder) : undefined;
  const boundary = owner
    ? exec
        .node(owner.elementId)
        .boundaryIds.map((id) => exec.node(id))
        .find((b) => b.eventKind === 'cancel')
    : undefined;
  if (!owner || !boundary) return exec.consume(cancelEnd);
  exec.cancelToken(owner);
  exec.createToken(boundary.id, owner.scopeId);
}
