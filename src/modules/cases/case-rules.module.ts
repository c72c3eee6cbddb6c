import { Module, type OnModuleInit } from '@nestjs/common';
import { CaseRunner } from './application/case-runner.js';
import {
  DecideOnTheSpotHandler,
  VerifyCommitmentHandler,
} from './commands/decide-on-the-spot/decide-on-the-spot.handler.js';
import { DecideOnTheSpotHttpController } from './commands/decide-on-the-spot/decide-on-the-spot.http.controller.js';
import { ImmediateSameDayHandler } from './domain/immediate-supervision.js';
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
  controllers: [DecideWithdrawalHttpController, SupplyMaterialsHttpController, DecideOnTheSpotHttpController],
  providers: [DecideWithdrawalHandler, SupplyMaterialsHandler, DecideOnTheSpotHandler, VerifyCommitmentHandler],
})
export class CaseRulesModule implements OnModuleInit {
  constructor(private readonly runner: CaseRunner) {}

  onModuleInit(): void {
    // 即办件: the same-day job is planned when a case of an IMMEDIATE item is opened.
    this.runner.useEffectHandler(new ImmediateSameDayHandler());
  }
}
