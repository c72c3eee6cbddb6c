/**
 * Task outcomes in one place: which ones approve and which reject (joint approval counts, and the
 * service's rule for a disagreement without reasons), and the one check of a chosen outcome against the
 * outcomes a task offers (the engine refuses with ENGINE.OUTCOME_*; callers may check first with theirs).
 */
export const APPROVE_OUTCOMES: readonly string[] = ['approve', 'agree', 'approved'];
export const REJECT_OUTCOMES: readonly string[] = ['reject', 'disagree', 'rejected'];

const APPROVE = new Set(APPROVE_OUTCOMES);
const REJECT = new Set(REJECT_OUTCOMES);

export function outcomeKind(outcome: string | null | undefined): 'approved' | 'rejected' | null {
  if (!outcome) return null;
  const o = outcome.toLowerCase();
  return APPROVE.has(o) ? 'approved' : REJECT.has(o) ? 'rejected' : null;
}

export function isRejectOutcome(outcome: string | null | undefined): boolean {
  return outcomeKind(outcome) === 'rejected';
}

export type OutcomeProblem = 'OUTCOME_REQUIRED' | 'OUTCOME_NOT_ALLOWED';

/** What is wrong with completing a task that offers `outcomes` with `outcome` (null: nothing). */
export function outcomeProblem(outcomes: readonly string[], outcome: string | null | undefined): OutcomeProblem | null {
  if (outcomes.length === 0) return null;
  if (!outcome) return 'OUTCOME_REQUIRED';
  return outcomes.includes(outcome) ? null : 'OUTCOME_NOT_ALLOWED';
}
