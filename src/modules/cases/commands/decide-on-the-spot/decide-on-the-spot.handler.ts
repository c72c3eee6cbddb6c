import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseViewCommand } from '../../application/case-view-command.js';
import { itemOfCase } from '../../domain/item-of-case.js';
import { decideOnTheSpot, recordVerification } from '../../domain/on-the-spot.js';
import type { CaseView } from '../../dtos/case.view.js';
import { DecideOnTheSpotCommand, VerifyCommitmentCommand } from './decide-on-the-spot.command.js';

@CommandHandler(DecideOnTheSpotCommand)
export class DecideOnTheSpotHandler implements ICommandHandler<DecideOnTheSpotCommand> {
  constructor(private readonly command: CaseViewCommand) {}

  execute(c: DecideOnTheSpotCommand): Promise<CaseView> {
    return this.command.run(c.caseId, c.principal, 'case.decide-on-the-spot', async (s) =>
      decideOnTheSpot(s, await itemOfCase(s), c.approve, c.opinion, c.commitment),
    );
  }
}

@CommandHandler(VerifyCommitmentCommand)
export class VerifyCommitmentHandler implements ICommandHandler<VerifyCommitmentCommand> {
  constructor(private readonly command: CaseViewCommand) {}

  execute(c: VerifyCommitmentCommand): Promise<CaseView> {
    return this.command.run(c.caseId, c.principal, 'case.commitment.verify', (s) =>
      recordVerification(s, c.passed, c.opinion),
    );
  }
}
