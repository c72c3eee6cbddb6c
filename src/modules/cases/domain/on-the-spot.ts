import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors/app-error.js';
import type { CaseSession } from './case-session.js';
import { DECIDED, TERMINAL } from './case-status.js';
import { clockRecords, type ClockEvent } from './clock-records.js';
import type { CaseItem } from './item-of-case.js';

export const JOB_KIND_IMMEDIATE_SAME_DAY = 'immediate-same-day';
export const JOB_KIND_COMMITMENT_VERIFICATION = 'commitment-verification';

/** The applicant's signed commitment (告知承诺书) as the window records it. */
export interface SignedCommitment {
  signedBy: string;
  /** Empty when not given: signed at the window when the decision is made. */
  signedAt: string;
  documentRef: string | null;
}

/** 告知承诺制 on the case: the commitment, the decision on it and the post-approval verification (核查). */
export interface CommitmentRecord extends SignedCommitment {
  decidedAt: string;
  verification: {
    dueAt: string;
    jobId: string;
    result: 'PASSED' | 'FAILED' | null;
    verifiedAt: string | null;
    verifiedBy: string | null;
    opinion: string | null;
  };
}

export function commitmentOf(clocks: Record<string, unknown>): CommitmentRecord | null {
  return (clocks.commitment as CommitmentRecord | undefined) ?? null;
}

function clockEvent(s: CaseSession, action: ClockEvent['action'], reason: string): void {
  const c = clockRecords(s.row.clocks);
  c.events.push({ action, at: s.now.toISOString(), elementId: null, reason });
  s.row.clocks = { ...c };
}

/**
 * 即办件 and 告知承诺制 (domain.md §2.2, §4.1; 国办发〔2020〕42号): the window accepts and decides in one step.
 * The case is accepted (if it was not) and decided now; the process skips to the certificate step (制证)
 * on approval, or ends on refusal. A commitment case records the applicant's signed commitment and opens
 * the verification (核查) with the item's working-day deadline.
 */
export async function decideOnTheSpot(
  s: CaseSession,
  item: CaseItem | null,
  approve: boolean,
  opinion: string,
  commitment: SignedCommitment | null,
): Promise<void> {
  const mode =
    item?.approvalMode === 'NOTICE_COMMITMENT'
      ? 'NOTICE_COMMITMENT'
      : item?.handlingType === 'IMMEDIATE'
        ? 'IMMEDIATE'
        : null;
  if (!item || !mode)
    throw AppError.conflict(
      'CASE.NOT_ON_THE_SPOT',
      'Only 即办件 (handlingType IMMEDIATE) and 告知承诺制 (approvalMode NOTICE_COMMITMENT) items are decided at the window',
    );
  if (TERMINAL.has(s.row.status) || DECIDED.has(s.row.status) || s.row.ended_at)
    throw AppError.conflict('CASE.ALREADY_DECIDED', `A ${s.row.status} case cannot be decided again`);
  if (['SUSPENDED', 'WITHDRAW_PENDING', 'SPECIAL_PROCEDURE', 'CORRECTION_REQUESTED'].includes(s.row.status))
    throw AppError.conflict('CASE.NOT_DECIDABLE', `A ${s.row.status} case cannot be decided now`);
  if (mode === 'NOTICE_COMMITMENT' && approve && !commitment)
    throw AppError.invalid(
      'CASE.COMMITMENT_REQUIRED',
      "A commitment approval records the applicant's signed commitment",
    );
  if (mode === 'NOTICE_COMMITMENT' && approve && !item.commitment)
    throw AppError.conflict(
      'ITEM.COMMITMENT_RULE_MISSING',
      'The item defines no verification deadline (commitment.verificationWorkingDays)',
    );
  if (mode === 'NOTICE_COMMITMENT' && approve && !s.calendar)
    throw AppError.conflict('CALENDAR.NOT_LOADED', 'No working calendar for the verification deadline');

  await s.timeline({
    type: 'decision.on_the_spot',
    opinion,
    data: { mode, decision: approve ? 'APPROVE' : 'REJECT', ...(commitment ? { commitment } : {}) },
  });
  if (!s.row.accepted_at) {
    await s.setStatus('ACCEPTED', null, { onTheSpot: mode });
    clockEvent(s, 'start', mode === 'IMMEDIATE' ? '即办件当场受理' : '告知承诺制当场受理');
  }
  await s.setStatus(approve ? 'CLOSED_APPROVED' : 'CLOSED_REJECTED', null, { onTheSpot: mode });
  clockEvent(s, 'stop', '当场办结');
  await s.emit('case.decided_on_the_spot', { mode, decision: approve ? 'APPROVE' : 'REJECT', opinion });
  await moveToCertificate(s, approve);
  if (mode === 'NOTICE_COMMITMENT' && approve && commitment && item.commitment && s.calendar) {
    const now = s.now.toISOString();
    const dueAt = s.calendar.addWorkingDays(now, item.commitment.verificationWorkingDays);
    const jobId = randomUUID();
    const record: CommitmentRecord = {
      ...commitment,
      signedAt: commitment.signedAt || now, // not given: signed at the window, now
      decidedAt: now,
      verification: { dueAt, jobId, result: null, verifiedAt: null, verifiedBy: null, opinion: null },
    };
    s.row.clocks = { ...s.row.clocks, commitment: record };
    s.scheduleJob({
      id: jobId,
      kind: JOB_KIND_COMMITMENT_VERIFICATION,
      elementId: null,
      dueAt: new Date(Date.parse(dueAt) + 1).toISOString(),
      payload: { caseId: s.row.id },
    });
    await s.timeline({
      type: 'commitment.verification_opened',
      data: { dueAt, workingDays: item.commitment.verificationWorkingDays },
    });
    await s.emit('case.commitment_recorded', { commitment, verificationDueAt: dueAt });
  }
}

/** Approved: the token goes to the certificate step (制证) if the process has one; otherwise, or refused, it ends. */
async function moveToCertificate(s: CaseSession, approve: boolean): Promise<void> {
  const certify = [...s.model.nodes.values()].find((n) => n.step === 'certify' && n.scopeId === s.model.key);
  const from = [...new Set(s.openTasks().map((t) => t.element_id))];
  if (approve && certify && from.length > 0 && !from.includes(certify.id)) {
    await s.advance({ type: 'modify', fromElementIds: from, toElementId: certify.id });
    return;
  }
  if (!approve || !certify) await s.advance({ type: 'cancel', reason: approve ? '当场办结' : '当场不予许可' });
}

/** The verification deadline passed without a result: supervision is told (the approval stands until verified). */
export async function verificationOverdue(s: CaseSession, jobId: string): Promise<void> {
  const rec = commitmentOf(s.row.clocks);
  if (!rec || rec.verification.jobId !== jobId || rec.verification.result) return;
  await s.raiseAlert({
    key: `commitment-verification:${jobId}`,
    level: 'YELLOW',
    triggerCode: 'COMMITMENT_VERIFICATION_OVERDUE',
    occurredAt: rec.verification.dueAt,
    elementId: null,
    taskId: null,
    department: null,
    escalatedFromKey: null,
    data: { dueAt: rec.verification.dueAt },
    resolved: false,
  });
}

/**
 * 核查 (国办发〔2020〕42号): the agency checks the commitment after the approval. Passed: recorded. Failed
 * (the applicant's commitment was untrue): the approval is revoked — status REVOKED (15), the process (if
 * still running) cancelled, timeline and webhook.
 */
export async function recordVerification(s: CaseSession, passed: boolean, opinion: string): Promise<void> {
  const rec = commitmentOf(s.row.clocks);
  if (!rec) throw AppError.conflict('CASE.NO_COMMITMENT', 'The case was not approved on a commitment');
  if (rec.verification.result)
    throw AppError.conflict(
      'CASE.VERIFICATION_DONE',
      `The commitment was verified already (${rec.verification.result})`,
    );
  if (s.row.status !== 'CLOSED_APPROVED' && s.row.status !== 'CLOSED_APPROVED_TOLERANCE')
    throw AppError.conflict('CASE.NOT_APPROVED', `A ${s.row.status} case has no approval to verify`);
  const now = s.now.toISOString();
  const result = passed ? 'PASSED' : 'FAILED';
  s.row.clocks = {
    ...s.row.clocks,
    commitment: {
      ...rec,
      verification: { ...rec.verification, result, verifiedAt: now, verifiedBy: s.actor.id, opinion },
    },
  };
  s.cancelJob(rec.verification.jobId);
  await s.timeline({
    type: passed ? 'commitment.verified' : 'commitment.verification_failed',
    opinion,
    data: { result },
  });
  await s.emit(passed ? 'case.commitment_verified' : 'case.approval_revoked', { result, opinion });
  if (passed) return;
  await s.setStatus('REVOKED', null, { reason: opinion, commitmentVerification: 'FAILED' });
  if (!s.row.ended_at) await s.advance({ type: 'cancel', reason: opinion });
}
