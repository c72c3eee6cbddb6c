import type { CompileError } from '../../contract.js';
import { CompileCode } from '../../errors/compile-codes.js';
import { nodeError, type ValidationRule } from './rule.js';

/**
 * Cancel events belong to transactions: a cancel end event sits directly in a transaction that has a
 * cancel boundary event (where the cancelled transaction continues), and a transaction has at most one.
 */
export const transactionRule: ValidationRule = {
  name: 'transaction',
  check(draft) {
    const errors: CompileError[] = [];
    for (const node of draft.nodes.values()) {
      if (node.eventKind !== 'cancel') continue;
      if (node.type === 'boundaryEvent') {
        const host = draft.nodes.get(node.attachedTo ?? '');
        if (host && !host.isTransaction)
          errors.push(
            nodeError(
              CompileCode.INVALID_TRANSACTION,
              node,
              `${node.id} is attached to ${host.id}, which is not a transaction`,
            ),
          );
        const cancels = (host?.boundaryIds ?? []).filter((id) => draft.nodes.get(id)?.eventKind === 'cancel');
        if (cancels.length > 1 && cancels[0] !== node.id)
          errors.push(
            nodeError(
              CompileCode.INVALID_TRANSACTION,
              node,
              `${host?.id ?? ''} has more than one cancel boundary event`,
            ),
          );
      } else if (node.type === 'endEvent') {
        const tx = draft.nodes.get(node.scopeId);
        if (!tx?.isTransaction) {
          errors.push(
            nodeError(
              CompileCode.INVALID_TRANSACTION,
              node,
              `cancel end event ${node.id} is not directly inside a transaction`,
            ),
          );
        } else if (!tx.boundaryIds.some((id) => draft.nodes.get(id)?.eventKind === 'cancel')) {
          errors.push(
            nodeError(
              CompileCode.INVALID_TRANSACTION,
              node,
              `transaction ${tx.id} has a cancel end event but no cancel boundary event`,
            ),
          );
        }
      }
    }
    return errors;
  },
};
