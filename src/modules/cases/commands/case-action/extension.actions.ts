import { randomUUID } from 'node:crypto';
import { hasAnyRole, type Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { ART42_EXTENSION, type ExtensionRule } from '../../../timing/domain/time-limit.types.js';
import { clockRecords, type ExtensionRecord, grantedExtensions } from '../../domain/clock-records.js';
import type { CaseSession } from '../../domain/case-session.js';
import { DECIDED, TERMINAL } from '../../domain/case-status.js';

/**
 * 延期 (T10, 行政许可法 Art.42) in two steps: the handler asks (days, reason), a user with the item's
 * approver role approves or rejects. Only approved days extend the legal clock; the item's rule caps
 * the days and the number of extensions (default Art.42: 10 WD once, 15 WD for joint handling).
 */
function ruleOf(s: CaseSession): ExtensionRule {
  return s.timing?.extension ?? ART42_EXTENSION;
}

function requireExtendable(s: CaseSession): void {
  if (!s.row.accepted_at || DECIDED.has(s.row.status) || TERMINAL.has(s.row.status) || s.row.ended_at) {
    throw AppError.conflict('CASE.NOT_IN_PROCESS', 'Only an accepted, undecided case can be extended');
  }
}

/** 422 TIMING.EXTENSION_LIMIT when `days` more would exceed the rule's days or times. */
function checkLimit(rule: ExtensionRule, granted: ExtensionRecord[], days: number): void {
  const usedDays = granted.reduce((n, e) => n + e.days, 0);
  if (granted.length + 1 > rule.times || usedDays + days > rule.maxWorkingDays) {
    throw AppError.invalid(
      'TIMING.EXTENSION_LIMIT',
      `The item allows ${rule.times} extension(s) of ${rule.maxWorkingDays} working days in all (${rule.basis}); ` +
        `${granted.length} granted with ${usedDays} days, ${days} more asked`,
      [
        {
          code: 'TIMING.EXTENSION_LIMIT',
          message: `at most ${Math.max(0, rule.maxWorkingDays - usedDays)} more working days, ${Math.max(0, rule.times - granted.length)} more time(s)`,
          path: 'days',
        },
      ],
    );
  }
}

export async function requestExtension(s: CaseSession, days: number, reason: string, p: Principal): Promise<string> {
  requireExtendable(s);
  if (s.row.legal_due_at && s.row.legal_due_at.getTime() < s.now.getTime()) {
    // Asking after the limit expired counts as overdue (domain.md §5.2).
    throw AppError.conflict('CASE.EXTENSION_TOO_LATE', 'An extension must be requested before the legal limit expires');
  }
  const c = clockRecords(s.row.clocks);
  if (c.extensions.some((e) => e.status === 'PENDING'))
    throw AppError.conflict('TIMING.EXTENSION_PENDING', 'An extension request is already waiting for approval');
  const rule = ruleOf(s);
  checkLimit(rule, grantedExtensions(c), days);
  const id = randomUUID();
  c.extensions.push({
    id,
    days,
    reason,
    status: 'PENDING',
    requestedBy: p.id,
    requestedAt: s.now.toISOString(),
    approvedBy: null,
    decidedAt: null,
    opinion: null,
    applicantNotifiedAt: null,
    applicantNotice: null,
  });
  s.row.clocks = { ...c };
  const data = { extensionId: id, days, approverRole: rule.approverRole, legalDueAt: s.row.legal_due_at };
  await s.timeline({ type: 'extension.requested', opinion: reason, data });
  await s.emit('case.extension_requested', data);
  return id;
}

export async function decideExtension(
  s: CaseSession,
  extensionId: string,
  approve: boolean,
  opinion: string | null,
  p: Principal,
): Promise<void> {
  const c = clockRecords(s.row.clocks);
  const ext = c.extensions.find((e) => e.id === extensionId);
  if (!ext) throw AppError.notFound('TIMING.EXTENSION_NOT_FOUND', `No extension request ${extensionId} on this case`);
  if (ext.status !== 'PENDING')
    throw AppError.conflict(
      'TIMING.EXTENSION_DECIDED',
      `This extension request is already ${ext.status ?? 'APPROVED'}`,
    );
  const rule = ruleOf(s);
  if (!hasAnyRole(p, [rule.approverRole]))
    throw AppError.forbidden(
      'TIMING.EXTENSION_APPROVER_ROLE',
      `Only a ${rule.approverRole} may decide an extension of this item (${rule.basis})`,
    );
  if (ext.requestedBy === p.id)
    throw AppError.forbidden('TIMING.EXTENSION_SELF_APPROVAL', 'The requester cannot decide their own extension');
  requireExtendable(s);
  const now = s.now.toISOString();
  ext.decidedAt = now;
  ext.opinion = opinion;
  ext.approvedBy = approve ? p.id : null;
  if (!approve) {
    ext.status = 'REJECTED';
    s.row.clocks = { ...c };
    const data = { extensionId, days: ext.days, decidedBy: p.id };
    await s.timeline({ type: 'extension.rejected', opinion, data });
    await s.emit('case.extension_rejected', data);
    return;
  }
  checkLimit(rule, grantedExtensions(c), ext.days);
  ext.status = 'APPROVED';
  // Art.42: the applicant is told of the extension and its reason; the notice is recorded on the case.
  ext.applicantNotifiedAt = now;
  ext.applicantNotice = `因${ext.reason}，经批准，本件法定办理期限延长${ext.days}个工作日。`;
  s.row.clocks = { ...c };
  const data = { extensionId, days: ext.days, approvedBy: p.id, approverName: p.name };
  await s.timeline({ type: 'extension.approved', opinion, data });
  await s.emit('case.extension_approved', data);
  const notice = { extensionId, notice: ext.applicantNotice, notifiedAt: now };
  await s.timeline({ type: 'extension.applicant_notified', opinion: ext.applicantNotice, data: notice });
  await s.emit('case.applicant_notified', { kind: 'EXTENSION', ...notice });
}
