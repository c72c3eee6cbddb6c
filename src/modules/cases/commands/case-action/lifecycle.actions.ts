import { hasAnyRole, type Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { clockRecords } from '../../domain/clock-records.js';
import type { CaseSession } from '../../domain/case-session.js';
import { canWithdraw, TERMINAL } from '../../domain/case-status.js';
import { requestWithdrawal } from '../../domain/withdrawal.js';

function requireRunning(s: CaseSession): void {
  if (TERMINAL.has(s.row.status) || s.row.ended_at) {
    throw AppError.conflict('CASE.ENDED', `The case is ${s.row.status}`, { caseStatus: s.row.status });
  }
}

/** Records a clock pause/resume caused by a case action (not by the process). */
export async function clockAction(
  s: CaseSession,
  action: 'pause' | 'resume' | 'stop',
  reason: string | null,
): Promise<void> {
  const c = clockRecords(s.row.clocks);
  c.events.push({ action, at: s.now.toISOString(), elementId: null, ...(reason ? { reason } : {}) });
  s.row.clocks = { ...c };
  await s.timeline({ type: `clock.${action}`, opinion: reason });
}

/**
 * 撤件/撤回: before a decision. Before acceptance the case is withdrawn at once (2); after it the request
 * waits for a leader's approval (16, then 14 or back; domain/withdrawal.ts).
 */
export async function withdraw(s: CaseSession, reason: string): Promise<void> {
  requireRunning(s);
  if (!canWithdraw(s.row.status))
    throw AppError.conflict('CASE.CANNOT_WITHDRAW', `A ${s.row.status} case cannot be withdrawn`);
  if (s.row.accepted_at) return requestWithdrawal(s, reason);
  const status = s.row.accepted_at ? 'RECALLED' : 'WITHDRAWN';
  await s.timeline({ type: 'case.withdrawn', opinion: reason });
  await s.setStatus(status, null, { reason });
  await s.advance({ type: 'cancel', reason });
  if (s.row.accepted_at) await clockAction(s, 'stop', reason);
}

/** 撤销 (admin): cancels an in-flight case; 15. */
export async function cancel(s: CaseSession, reason: string, p: Principal): Promise<void> {
  requireRunning(s);
  if (!hasAnyRole(p, ['admin'])) throw AppError.forbidden('AUTH.ROLE_MISSING', 'Only an admin can cancel a case');
  await s.timeline({ type: 'case.cancelled', opinion: reason });
  await s.setStatus('REVOKED', null, { reason });
  await s.advance({ type: 'cancel', reason });
}
