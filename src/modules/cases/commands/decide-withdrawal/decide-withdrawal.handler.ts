import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseViewCommand } from '../../application/case-view-command.js';
import { decideWithdrawal } from '../../domain/withdrawal.js';
import type { CaseView } from '../../dtos/case.view.js';
import { DecideWithdrawalCommand } from './decide-withdrawal.command.js';

@CommandHandler(DecideWithdrawalCommand)
export class DecideWithdrawalHandler implements ICommandHandler<DecideWithdrawalCommand> {
  constructor(private readonly command: CaseViewCommand) {}

  execute({ caseId, approve, opinion, principal }: DecideWithdrawalCommand): Promise<CaseView> {
    return this.command.run(caseId, principal, 'case.withdrawal.decide', (s) => decideWithdrawal(s, approve, opinion));
  }
}
