/** Case statuses and their external codes (domain.md §3.1, the data-exchange BLZT vocabulary). */
export const CASE_STATUS_CODES = {
  RECEIVED: 1,
  WITHDRAWN: 2,
  ACCEPTED: 3,
  NOT_ACCEPTED: 4,
  REFUSED_ACCEPTANCE: 5,
  CORRECTION_REQUESTED: 6,
  CORRECTION_SUBMITTED: 7,
  IN_PROCESS: 8,
  SPECIAL_PROCEDURE: 9,
  SPECIAL_PROCEDURE_ENDED: 10,
  CLOSED_APPROVED: 11,
  CLOSED_APPROVED_TOLERANCE: 12,
  CLOSED_REJECTED: 13,
  RECALLED: 14,
  REVOKED: 15,
  WITHDRAW_PENDING: 16,
  SUSPENDED: 8,
} as const;

export type CaseStatus = keyof typeof CASE_STATUS_CODES;
export const CASE_STATUSES = Object.keys(CASE_STATUS_CODES) as CaseStatus[];

export function isCaseStatus(s: string): s is CaseStatus {
  return Object.prototype.hasOwnProperty.call(CASE_STATUS_CODES, s);
}

/** Statuses after which nothing more happens to the case. */
export const TERMINAL: ReadonlySet<string> = new Set([
  'WITHDRAWN',
  'NOT_ACCEPTED',
  'REFUSED_ACCEPTANCE',
  'RECALLED',
  'REVOKED',
]);

/** Decided: the time-limit clocks have stopped, post-decision steps may still run. */
export const DECIDED: ReadonlySet<string> = new Set([
  'CLOSED_APPROVED',
  'CLOSED_APPROVED_TOLERANCE',
  'CLOSED_REJECTED',
]);

/** A withdrawal is possible only before a decision. */
export function canWithdraw(status: string): boolean {
  return !TERMINAL.has(status) && !DECIDED.has(status);
}
