import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { CaseView } from '../../dtos/case.view.js';

/** The applicant hands in materials that were tolerated at acceptance (容缺补齐, T5–T6). */
export class SupplyMaterialsCommand extends Command<CaseView> {
  constructor(
    readonly caseId: string,
    readonly materialIds: string[],
    readonly note: string | null,
    readonly principal: Principal,
  ) {
    super();
  }
}
