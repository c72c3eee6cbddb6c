import type { ProblemDetail } from '../../../shared/errors/app-error.js';
import { isValidUscc } from '../../../shared/identifiers/chinese-ids.js';
import type { ItemRequestDto } from '../dtos/item.request.dto.js';

/**
 * Cross-field rules of domain.md §2.2–2.4 that class-validator cannot express. Returns every problem
 * at once (like a one-time correction notice), not just the first.
 */
export function checkItemRules(item: ItemRequestDto): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  const { legalLimit: legal, promisedLimit: promised } = item;
  if (legal.unit === promised.unit && promised.value > legal.value) {
    problems.push({
      code: 'ITEM.PROMISED_EXCEEDS_LEGAL',
      message: `The promised limit (${promised.value}${promised.unit}) exceeds the legal limit (${legal.value}${legal.unit})`,
      path: 'promisedLimit',
    });
  }
  const agencyUscc = item.implementingAgency?.uscc;
  if (agencyUscc !== undefined && !isValidUscc(agencyUscc)) {
    problems.push({
      code: 'ITEM.INVALID_USCC',
      message: 'implementingAgency.uscc is not a valid unified social credit code (GB 32100-2015 check character)',
      path: 'implementingAgency.uscc',
    });
  }
  if (item.approvalMode === 'NOTICE_COMMITMENT' && !item.commitment) {
    problems.push({
      code: 'ITEM.COMMITMENT_RULE_REQUIRED',
      message: 'A NOTICE_COMMITMENT item sets its verification deadline (commitment.verificationWorkingDays)',
      path: 'commitment',
    });
  }
  if (item.commitment && item.approvalMode !== 'NOTICE_COMMITMENT') {
    problems.push({
      code: 'ITEM.COMMITMENT_NOT_APPLICABLE',
      message: 'Only a NOTICE_COMMITMENT item has a commitment verification',
      path: 'commitment',
    });
  }
  const ids = new Set<string>();
  item.materials.forEach((m, i) => {
    if (ids.has(m.id)) {
      problems.push({
        code: 'ITEM.DUPLICATE_MATERIAL',
        message: `Material id ${m.id} is used twice`,
        path: `materials[${i}].id`,
      });
    }
    ids.add(m.id);
  });
  const tolerable = item.materials.filter((m) => m.necessity === 'TOLERABLE');
  const required = item.materials.filter((m) => m.necessity === 'REQUIRED');
  if (tolerable.length > 0 && required.length === 0) {
    problems.push({
      code: 'ITEM.TOLERABLE_ONLY_MATERIAL',
      message: 'Only secondary materials may be tolerable: at least one material must be REQUIRED',
      path: 'materials',
    });
  }
  if (tolerable.length > 0 && !item.toleranceAllowed) {
    problems.push({
      code: 'ITEM.TOLERANCE_NOT_ALLOWED',
      message: 'A material is TOLERABLE but the item does not allow tolerance acceptance',
      path: 'toleranceAllowed',
    });
  }
  if (item.isCharged && (item.fees ?? []).length === 0) {
    problems.push({ code: 'ITEM.FEES_REQUIRED', message: 'A charged item must list its fees', path: 'fees' });
  }
  (item.specialProcedures ?? []).forEach((p, i) => {
    if (p.countsInLegalLimit === false && !p.legalBasis) {
      problems.push({
        code: 'ITEM.SPECIAL_PROCEDURE_NEEDS_BASIS',
        message: 'A special procedure can be excluded from the legal limit only with a legal basis',
        path: `specialProcedures[${i}].legalBasis`,
      });
    }
  });
  return problems;
}

/** Fills defaults the domain prescribes, e.g. countsInLegalLimit is false only with a legal basis. */
export function normaliseItem(item: ItemRequestDto): ItemRequestDto {
  return {
    ...item,
    approvalMode: item.approvalMode ?? 'STANDARD',
    fees: item.fees ?? [],
    specialProcedures: (item.specialProcedures ?? []).map((p) => ({
      ...p,
      countsInLegalLimit: p.countsInLegalLimit ?? !p.legalBasis,
    })),
    jointDepartments: item.jointDepartments ?? [],
  };
}
