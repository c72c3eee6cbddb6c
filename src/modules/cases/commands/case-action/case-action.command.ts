import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { CaseView } from '../../dtos/case.view.js';

/** A case-level action taken by staff (withdraw, suspend, resume, cancel, special procedure, extension). */
export type CaseAction =
  | { kind: 'withdraw'; reason: string }
  | { kind: 'suspend'; reason: string }
  | { kind: 'resume'; reason?: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'startSpecialProcedure'; type: string; reason: string; plannedDays?: number }
  | { kind: 'endSpecialProcedure'; procedureId: string; result: string }
  | { kind: 'extend'; days: number; reason: string }
  | { kind: 'requestCorrection'; reason: string; materials: string[] }
  | { kind: 'submitCorrection'; correctionId: string; note: string | null }
  | { kind: 'decideExtension'; extensionId: string; approve: boolean; opinion: string | null };

export class CaseActionCommand extends Command<CaseView> {
  constructor(
    readonly caseId: string,
    readonly action: CaseAction,
    readonly principal: Principal,
  ) {
    super();
  }
}
