import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authoriseCase, loadCaseFacts } from '../../../../shared/auth/access-policy.js';
import { CaseRunner } from '../../application/case-runner.js';
import { actorOf } from '../../domain/case-row.js';
import { supplyToleranceMaterials } from '../../domain/tolerance.js';
import type { CaseView } from '../../dtos/case.view.js';
import { CaseReader } from '../../queries/get-case/case.reader.js';
import { SupplyMaterialsCommand } from './supply-materials.command.js';

@CommandHandler(SupplyMaterialsCommand)
export class SupplyMaterialsHandler implements ICommandHandler<SupplyMaterialsCommand> {
  constructor(
    private readonly runner: CaseRunner,
    private readonly reader: CaseReader,
  ) {}

  execute({ caseId, materialIds, note, principal }: SupplyMaterialsCommand): Promise<CaseView> {
    return this.runner.run(
      caseId,
      actorOf(principal),
      'UI',
      async (s) => {
        authoriseCase('case.tolerance.supply', principal, caseId, await loadCaseFacts(s.tx, s.row));
        await supplyToleranceMaterials(s, materialIds, note);
      },
      (tx) => this.reader.get(caseId, principal, tx),
    );
  }
}
