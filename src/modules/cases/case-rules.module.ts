import { Module } from '@nestjs/common';
import { CasesModule } from './cases.module.js';
import { DecideWithdrawalHandler } from './commands/decide-withdrawal/decide-withdrawal.handler.js';
import { DecideWithdrawalHttpController } from './commands/decide-withdrawal/decide-withdrawal.http.controller.js';
import { SupplyMaterialsHandler } from './commands/supply-materials/supply-materials.handler.js';
import { SupplyMaterialsHttpController } from './commands/supply-materials/supply-materials.http.controller.js';

/**
 * The approval rules that are case commands of their own (docs/rules.md): the decision on a withdrawal after
 * acceptance, the supply of tolerated materials, the verification of a commitment. Kept apart from the
 * generic case actions so each rule reads in one place.
 */
@Module({
  imports: [CasesModule],
  controllers: [DecideWithdrawalHttpController, SupplyMaterialsHttpController],
  providers: [DecideWithdrawalHandler, SupplyMaterialsHandler],
})
export class CaseRulesModule {}
