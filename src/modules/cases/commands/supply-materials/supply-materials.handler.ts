import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseViewCommand } from '../../application/case-view-command.js';
import { supplyToleranceMaterials } from '../../domain/tolerance.js';
import type { CaseView } from '../../dtos/case.view.js';
import { SupplyMaterialsCommand } from './supply-materials.command.js';

@CommandHandler(SupplyMaterialsCommand)
export class SupplyMaterialsHandler implements ICommandHandler<SupplyMaterialsCommand> {
  constructor(private readonly command: CaseViewCommand) {}

  execute({ caseId, materialIds, note, principal }: SupplyMaterialsCommand): Promise<CaseView> {
    return this.command.run(caseId, principal, 'case.tolerance.supply', (s) =>
      supplyToleranceMaterials(s, materialIds, note),
    );
  }
}
