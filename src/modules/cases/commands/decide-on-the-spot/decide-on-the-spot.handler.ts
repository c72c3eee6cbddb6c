import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authoriseCase, loadCaseFacts } from '../../../../shared/auth/access-policy.js';
import type { Action } from '../../../../shared/auth/authorisation-table.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { CaseRunner } from '../../application/case-runner.js';
import { actorOf } from '../../domain/case-row.js';
import type { CaseSession } from '../../domain/case-session.js';
import { itemOfCase } from '../../domain/item-of-case.js';
import { decideOnTheSpot, recordVerification } from '../../domain/on-the-spot.js';
import type { CaseView } from '../../dtos/case.view.js';
import { CaseReader } from '../../queries/get-case/case.reader.js';
import { DecideOnTheSpotCommand, VerifyCommitmentCommand } from './decide-on-the-spot.command.js';

/** One authorised case command whose answer is the case view (read in the same transaction). */
function act(
  runner: CaseRunner,
  reader: CaseReader,
  caseId: string,
  p: Principal,
  action: Action,
  work: (s: CaseSession) => Promise<void>,
): Promise<CaseView> {
  return runner.run(
    caseId,
    actorOf(p),
    'UI',
    async (s) => {
      authoriseCase(action, p, caseId, await loadCaseFacts(s.tx, s.row));
      await work(s);
    },
    (tx) => reader.get(caseId, p, tx),
  );
}

@CommandHandler(DecideOnTheSpotCommand)
export class DecideOnTheSpotHandler implements ICommandHandler<DecideOnTheSpotCommand> {
  constructor(
    private readonly runner: CaseRunner,
    private readonly reader: CaseReader,
  ) {}

  execute(c: DecideOnTheSpotCommand): Promise<CaseView> {
    return act(this.runner, this.reader, c.caseId, c.principal, 'case.decide-on-the-spot', async (s) =>
      decideOnTheSpot(s, await itemOfCase(s), c.approve, c.opinion, c.commitment),
    );
  }
}

@CommandHandler(VerifyCommitmentCommand)
export class VerifyCommitmentHandler implements ICommandHandler<VerifyCommitmentCommand> {
  constructor(
    private readonly runner: CaseRunner,
    private readonly reader: CaseReader,
  ) {}

  execute(c: VerifyCommitmentCommand): Promise<CaseView> {
    return act(this.runner, this.reader, c.caseId, c.principal, 'case.commitment.verify', (s) =>
      recordVerification(s, c.passed, c.opinion),
    );
  }
}
