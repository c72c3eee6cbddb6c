import { Injectable } from '@nestjs/common';
import { authoriseCase, loadCaseFacts } from '../../../shared/auth/access-policy.js';
import type { Action } from '../../../shared/auth/authorisation-table.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { actorOf } from '../domain/case-row.js';
import type { CaseSession } from '../domain/case-session.js';
import type { CaseView } from '../dtos/case.view.js';
import { CaseReader } from '../queries/get-case/case.reader.js';
import { CaseRunner } from './case-runner.js';

/**
 * A command on one case whose answer is the case view (the case actions, 当场决定, 撤回 decisions,
 * tolerance materials). It is authorised for `action` under the case lock — 404 for a case the caller
 * may not see, 403 for an action its relation does not allow — and answered from its plan: nothing is
 * read back, so the write goes with COMMIT (ADR 0005, ADR 0012).
 */
@Injectable()
export class CaseViewCommand {
  constructor(
    private readonly runner: CaseRunner,
    private readonly reader: CaseReader,
  ) {}

  run(caseId: string, p: Principal, action: Action, work: (s: CaseSession) => Promise<void>): Promise<CaseView> {
    return this.runner.run(
      caseId,
      actorOf(p),
      'UI',
      async (s) => {
        const facts = await loadCaseFacts(s.tx, s.row);
        authoriseCase(action, p, caseId, facts);
        await work(s);
        return facts;
      },
      (s, facts) => this.reader.planned(s, p, facts),
    );
  }
}
