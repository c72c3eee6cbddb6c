import { AppError } from '../../../shared/errors/app-error.js';
import type { CaseRow } from './case-row.js';
import { clockRecords, openPauses } from './clock-records.js';

/**
 * 过程补正 (domain.md §5: IN_PROCESS → CORRECTION_REQUESTED → CORRECTION_SUBMITTED → IN_PROCESS): while a
 * correction notice waits for the applicant, the review does not go on — no task of the case is completed
 * or returned (退回) until the corrected materials are recorded (POST /cases/{id}/corrections/{correctionId}/submit).
 */
export function requireNoCorrectionPending(row: Pick<CaseRow, 'clocks'>): void {
  const [open] = openPauses(clockRecords(row.clocks), 'CORRECTION');
  if (open)
    throw AppError.conflict(
      'CASE.CORRECTION_PENDING',
      'A correction notice waits for the applicant: record the corrected materials before the review goes on',
      { correctionId: open.ref },
    );
}
