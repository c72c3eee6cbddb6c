import { AppError, type ProblemDetail } from '../../../shared/errors/app-error.js';
import { isValidResidentId, isValidUscc } from '../../../shared/identifiers/chinese-ids.js';

interface Party {
  type: string;
  idType?: string;
  idNumber?: string;
  uscc?: string;
}

/**
 * The applicant's and agent's identifiers must be real ones: a USCC with its GB 32100-2015 check character,
 * a resident id card number (ID_CARD, 18 characters) with its GB 11643-1999 check digit and a real birth
 * date. Other documents (passports, permits) have no national check and are taken as given. Every problem
 * is reported at once; the first one's code is the answer's code.
 */
export function checkPartyIdentifiers(parties: Record<string, Party | null | undefined>, today: Date): void {
  const problems: ProblemDetail[] = [];
  for (const [path, p] of Object.entries(parties)) {
    if (!p) continue;
    if (p.uscc !== undefined && !isValidUscc(p.uscc)) {
      problems.push({
        code: 'CASE.INVALID_USCC',
        message: `${path}.uscc is not a valid unified social credit code (GB 32100-2015 check character)`,
        path: `${path}.uscc`,
      });
    }
    if ((p.idType ?? 'ID_CARD') === 'ID_CARD' && p.idNumber !== undefined && !isValidResidentId(p.idNumber, today)) {
      problems.push({
        code: 'CASE.INVALID_ID_NUMBER',
        message: `${path}.idNumber is not a valid 18-character resident id number (GB 11643-1999 check digit, birth date)`,
        path: `${path}.idNumber`,
      });
    }
  }
  const first = problems[0];
  if (first) throw AppError.invalid(first.code, first.message, problems);
}
