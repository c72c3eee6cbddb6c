import { AppError } from '../../../shared/errors/app-error.js';
import type { CaseSession } from './case-session.js';

interface Decision {
  outcome: string | undefined;
  opinion: string | undefined;
  variables: Record<string, unknown>;
}

const nonEmptyList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;

/**
 * What the law asks of a window's acceptance decision (domain.md §3.3), checked before the engine
 * moves: a correction notice lists every missing material at once (一次性告知); a tolerance acceptance
 * is allowed only for items that permit it, and records the missing tolerable materials and their
 * deadline; not accepting or refusing needs a reason.
 */
export async function applyAcceptanceRules(s: CaseSession, elementId: string, d: Decision): Promise<void> {
  switch (d.outcome ?? '') {
    case 'correction': {
      const missing = d.variables.missingMaterials;
      if (!nonEmptyList(missing)) {
        throw AppError.invalid(
          'CASE.CORRECTION_LIST_REQUIRED',
          'A correction notice must list every missing material (variables.missingMaterials)',
        );
      }
      await s.timeline({
        type: 'correction.notice',
        elementId,
        opinion: d.opinion ?? null,
        data: { missingMaterials: missing },
      });
      return;
    }
    case 'tolerance': {
      if (s.state.variables.toleranceAllowed !== true) {
        throw AppError.invalid(
          'CASE.TOLERANCE_NOT_ALLOWED',
          'The approval item does not allow tolerance acceptance (容缺受理)',
        );
      }
      const materials = d.variables.toleranceMaterials;
      const deadline = d.variables.toleranceDeadline;
      if (!nonEmptyList(materials) || typeof deadline !== 'string' || Number.isNaN(Date.parse(deadline))) {
        throw AppError.invalid(
          'CASE.TOLERANCE_DETAILS_REQUIRED',
          'A tolerance acceptance records the missing materials (variables.toleranceMaterials) and their deadline (variables.toleranceDeadline)',
        );
      }
      s.row.is_tolerance = true;
      await s.timeline({
        type: 'tolerance.accepted',
        elementId,
        opinion: d.opinion ?? null,
        data: { toleranceMaterials: materials, toleranceDeadline: deadline },
      });
      return;
    }
    case 'notAccept':
    case 'refuse':
      if (!d.opinion?.trim())
        throw AppError.invalid(
          'CASE.REASON_REQUIRED',
          'Not accepting or refusing a case needs a written reason (opinion)',
        );
      return;
    default:
      return;
  }
}
