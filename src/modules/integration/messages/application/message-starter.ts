import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { CaseOpener } from '../../../cases/application/case-opener.js';
import { CaseRunner } from '../../../cases/application/case-runner.js';
import { VariablePolicy } from '../../../cases/application/variable-policy.js';
import { DefinitionModels } from '../../../definitions/application/definition-models.js';
import type { CorrelationTarget, InboundMessage } from '../domain/inbound-message.js';

export interface StartRequest {
  businessKey: string | null;
  applicant: Record<string, unknown> | null;
}

/**
 * A message start event: the latest version of every process whose start event listens for the message
 * opens one new case (as Camunda does), handled by the sending department.
 */
@Injectable()
export class MessageStarter {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly models: DefinitionModels,
    private readonly opener: CaseOpener,
    private readonly runner: CaseRunner,
    private readonly variablePolicy: VariablePolicy,
  ) {}

  async start(msg: InboundMessage, req: StartRequest, principal: Principal): Promise<CorrelationTarget[]> {
    // Text prefilter on the XML so only candidate definitions are compiled (compiled models are cached).
    const rows = await this.uow.query<{ id: string }>(
      `SELECT id FROM (SELECT DISTINCT ON (key) id, xml FROM process_definition ORDER BY key, version DESC) latest
       WHERE position($1 in xml) > 0`,
      [msg.name],
    );
    const starts = [];
    for (const { id } of rows) {
      const { row: def, model } = await this.models.byId(id);
      const event = model.messageStartEvents.find((e) => e.messageName === msg.name);
      if (!event) continue;
      // A message opens a case in the sender's department: it may not route it, in any of the processes.
      this.variablePolicy.checkWrite(msg.variables, model);
      starts.push({ def, model, event });
    }
    const started: CorrelationTarget[] = [];
    for (const { def, model, event } of starts) {
      const department = principal.dept;
      if (!department) {
        throw AppError.invalid('MESSAGE.DEPARTMENT_REQUIRED', 'Starting a case needs a caller with a department');
      }
      const region = principal.region ?? department.slice(0, 6);
      if (!/^\d{6}$/.test(region)) {
        throw AppError.invalid('MESSAGE.REGION_REQUIRED', `Department ${department} does not begin with a region code`);
      }
      const caseId = randomUUID();
      await this.runner.transaction(async (tx) => {
        const session = await this.opener.open(
          tx,
          {
            id: caseId,
            definition: def,
            model,
            department,
            region,
            item: null,
            businessKey: req.businessKey,
            channel: 'ONLINE',
            applicant: req.applicant ?? { type: 'LEGAL_PERSON', name: principal.name },
            agent: null,
            materials: [],
            variables: { department, regionCode: region, ...msg.variables },
            startEventId: event.id,
          },
          principal,
        );
        await session.timeline({
          type: 'message.correlated',
          elementId: event.id,
          name: msg.name,
          data: { messageName: msg.name, messageId: msg.messageId, sender: msg.sender, started: true },
          idempotencyKey: msg.messageId ? `message:${msg.sender.id}:${msg.messageId}` : null,
        });
        await session.save();
        return { out: undefined, events: session.events };
      });
      started.push({ caseId, elementId: event.id, started: true });
    }
    return started;
  }
}
