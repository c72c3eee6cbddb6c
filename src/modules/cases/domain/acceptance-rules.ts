import { AppError } from '../../../shared/errors/app-error.js';
import { correctionNoticeDeadline } from '../../timing/domain/working-time.js';
import type { CaseSession } from './case-session.js';
import { clockRecords } from './clock-records.js';
import { itemOfCase } from './item-of-case.js';
import { acceptWithTolerance } from './tolerance.js';

interface Decision {
  outcome: string | undefined;
  opinion: string | undefined;
  variables: Record<string, unknown>;
}

/** What 行政许可法 Art.32 takes from the window once 5 working days have passed without an answer. */
const CLOSED_BY_DEEMED_ACCEPTANCE = new Set(['correction', 'notAccept', 'refuse']);

/**
 * Once the 5 working days after receipt have passed with no answer and no correction notice, the case is
 * accepted by law (the acceptance job records it; this also holds in the moment before that job runs).
 */
function requireNotDeemedAccepted(s: CaseSession): void {
  const rec = clockRecords(s.row.clocks);
  const deemed = rec.deemedAcceptedAt != null;
  const lapsed =
    !rec.correctionNoticeAt &&
    !s.row.accepted_at &&
    s.timing?.legalLimit != null &&
    s.calendar !== undefined &&
    s.now.toISOString() > correctionNoticeDeadline(s.calendar, s.row.received_at.toISOString());
  if (deemed || lapsed) {
    throw AppError.conflict(
      'CASE.DEEMED_ACCEPTED',
      'The application counts as accepted (行政许可法第三十二条: no answer within 5 working days of receipt); it can no longer be sent for correction, not accepted or refused',
      { receivedAt: s.row.received_at.toISOString() },
    );
  }
}

const nonEmptyList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;

/**
 * What the law asks of a window's acceptance decision (domain.md §3.3), checked before the engine
 * moves: a correction notice lists every missing material at once (一次性告知); a tolerance acceptance
 * is allowed only for items that permit it, and records the missing tolerable materials and their
 * deadline; not accepting or refusing needs a reason.
 */
export async function applyAcceptanceRules(s: CaseSession, elementId: string, d: Decision): Promise<void> {
  if (CLOSED_BY_DEEMED_ACCEPTANCE.has(d.outcome ?? '')) requireNotDeemedAccepted(s);
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
      const item = await itemOfCase(s);
      if (!(item?.toleranceAllowed ?? s.state.variables.toleranceAllowed === true)) {
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
      await acceptWithTolerance(s, elementId, item, materials, deadline, d.opinion ?? null);
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
