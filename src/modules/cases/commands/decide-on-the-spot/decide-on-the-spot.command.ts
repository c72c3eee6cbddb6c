import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { SignedCommitment } from '../../domain/on-the-spot.js';
import type { CaseView } from '../../dtos/case.view.js';

/** 即办件 / 告知承诺制: accepted and decided at the window in one step. */
export class DecideOnTheSpotCommand extends Command<CaseView> {
  constructor(
    readonly caseId: string,
    readonly approve: boolean,
    readonly opinion: string,
    readonly commitment: SignedCommitment | null,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** 核查: the post-approval verification of a commitment case. */
export class VerifyCommitmentCommand extends Command<CaseView> {
  constructor(
    readonly caseId: string,
    readonly passed: boolean,
    readonly opinion: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
