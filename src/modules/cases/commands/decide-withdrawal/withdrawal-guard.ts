import { AppError } from '../../../../shared/errors/app-error.js';
import type { CaseSession } from '../../domain/case-session.js';

/** While a withdrawal waits for its decision, nothing else moves the case but the decision or a cancellation. */
export function requireNoPendingWithdrawal(s: CaseSession, action: string): void {
  if (s.row.status === 'WITHDRAW_PENDING' && action !== 'cancel') {
    throw AppError.conflict('CASE.WITHDRAWAL_PENDING', 'A withdrawal request waits for a leader; decide it first');
  }
}
