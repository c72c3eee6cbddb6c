import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authoriseCase, loadCaseFacts } from '../../../../shared/auth/access-policy.js';
import { CaseRunner } from '../../application/case-runner.js';
import { actorOf } from '../../domain/case-row.js';
import { decideWithdrawal } from '../../domain/withdrawal.js';
import type { CaseView } from '../../dtos/case.view.js';
import { CaseReader } from '../../queries/get-case/case.reader.js';
import { DecideWithdrawalCommand } from './decide-withdrawal.command.js';

@CommandHandler(DecideWithdrawalCommand)
export class DecideWithdrawalHandler implements ICommandHandler<DecideWithdrawalCommand> {
  constructor(
    private readonly runner: CaseRunner,
    private readonly reader: CaseReader,
  ) {}

  execute({ caseId, approve, opinion, principal }: DecideWithdrawalCommand): Promise<CaseView> {
    return this.runner.run(
      caseId,
      actorOf(principal),
      'UI',
      async (s) => {
        authoriseCase('case.withdrawal.decide', principal, caseId, await loadCaseFacts(s.tx, s.row));
        await decideWithdrawal(s, approve, opinion);
      },
      (tx) => this.reader.get(caseId, principal, tx),
    );
  }
}
