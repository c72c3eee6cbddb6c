import { AppError } from '../../../shared/errors/app-error.js';
import { clockRecords } from './clock-records.js';
import type { CaseSession } from './case-session.js';

/** One withdrawal request after acceptance (撤回申请) and its decision, kept on the case. */
export interface WithdrawalRecord {
  requestedAt: string;
  requestedBy: string;
  reason: string;
  /** The status to go back to when the request is denied (a suspension or special procedure included). */
  previousStatus: string;
  decision: 'APPROVED' | 'DENIED' | null;
  decidedAt: string | null;
  decidedBy: string | null;
  opinion: string | null;
}

export function withdrawals(clocks: Record<string, unknown>): WithdrawalRecord[] {
  return Array.isArray(clocks.withdrawals) ? (clocks.withdrawals as WithdrawalRecord[]) : [];
}

export function pendingWithdrawal(clocks: Record<string, unknown>): WithdrawalRecord | null {
  const last = withdrawals(clocks).at(-1);
  return last && last.decision === null ? last : null;
}

/**
 * T15: after acceptance the applicant's withdrawal is a request (撤件待确认, 16) that a leader of the handling
 * department approves (撤回, 14) or denies (back to the status before, suspension included). The tasks wait
 * while it is pending; the clocks run on (the agency owes the applicant an answer either way).
 */
export async function requestWithdrawal(s: CaseSession, reason: string): Promise<void> {
  if (s.row.status === 'WITHDRAW_PENDING')
    throw AppError.conflict('CASE.WITHDRAWAL_PENDING', 'A withdrawal request is already waiting for approval');
  const record: WithdrawalRecord = {
    requestedAt: s.now.toISOString(),
    requestedBy: s.actor.id,
    reason,
    previousStatus: s.row.status,
    decision: null,
    decidedAt: null,
    decidedBy: null,
    opinion: null,
  };
  s.row.clocks = { ...s.row.clocks, withdrawals: [...withdrawals(s.row.clocks), record] };
  await s.timeline({ type: 'withdrawal.requested', opinion: reason, data: { previousStatus: record.previousStatus } });
  await s.emit('case.withdrawal_requested', { reason, previousStatus: record.previousStatus });
  await s.setStatus('WITHDRAW_PENDING', null, { reason });
}

/** The leader's decision on a pending withdrawal: approved → RECALLED (14), case and clocks stop; denied → back. */
export async function decideWithdrawal(s: CaseSession, approve: boolean, opinion: string): Promise<void> {
  const pending = pendingWithdrawal(s.row.clocks);
  if (s.row.status !== 'WITHDRAW_PENDING' || !pending)
    throw AppError.conflict('CASE.NO_WITHDRAWAL_PENDING', 'No withdrawal request is waiting for a decision');
  const decided: WithdrawalRecord = {
    ...pending,
    decision: approve ? 'APPROVED' : 'DENIED',
    decidedAt: s.now.toISOString(),
    decidedBy: s.actor.id,
    opinion,
  };
  s.row.clocks = { ...s.row.clocks, withdrawals: [...withdrawals(s.row.clocks).slice(0, -1), decided] };
  await s.timeline({
    type: approve ? 'withdrawal.approved' : 'withdrawal.denied',
    opinion,
    data: { requestedAt: pending.requestedAt, reason: pending.reason },
  });
  await s.emit('case.withdrawal_decided', { decision: decided.decision, opinion });
  if (!approve) {
    await s.setStatus(pending.previousStatus, null, { withdrawal: 'DENIED' });
    return;
  }
  await s.setStatus('RECALLED', null, { reason: pending.reason, withdrawal: 'APPROVED' });
  await s.advance({ type: 'cancel', reason: pending.reason });
  const c = clockRecords(s.row.clocks);
  c.events.push({ action: 'stop', at: s.now.toISOString(), elementId: null, reason: pending.reason });
  s.row.clocks = { ...c };
  await s.timeline({ type: 'clock.stop', opinion: pending.reason });
}
