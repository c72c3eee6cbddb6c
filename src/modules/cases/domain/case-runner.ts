import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { UnitOfWork, type Tx } from '../../../persistence/unit-of-work.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import { AppError } from '../../../shared/errors/app-error.js';
import { DefinitionModels } from '../../definitions/domain/definition-models.js';
import { CalendarProvider } from './calendar-provider.js';
import type { CaseDomainEvent } from './case-events.js';
import type { Actor, CaseRow, EventSource } from './case-row.js';
import { CaseSession } from './case-session.js';

/**
 * Runs a command against one case: begin → lock the case row (FOR UPDATE) → work → save → commit →
 * publish events. Two departments finishing parallel reviews at once serialise on the row lock; a
 * serialization failure or deadlock is retried by the unit of work with the state re-read.
 */
@Injectable()
export class CaseRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly models: DefinitionModels,
    private readonly events: EventBus,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
  ) {}

  async run<T>(caseId: string, actor: Actor, source: EventSource, work: (s: CaseSession) => Promise<T>): Promise<T> {
    let published: CaseDomainEvent[] = [];
    const result = await this.uow.run(async (tx) => {
      const session = await this.open(tx, caseId, actor, source);
      const out = await work(session);
      await session.save();
      published = session.events;
      return out;
    });
    this.publish(published);
    return result;
  }

  /** For commands that create the row themselves (new cases) and then continue like any other. */
  async session(tx: Tx, row: CaseRow, actor: Actor, source: EventSource): Promise<CaseSession> {
    const { model } = await this.models.byId(row.process_definition_id);
    const calendar = await this.calendars.forRegion(row.region_code);
    return new CaseSession(tx, row, model, actor, this.clock.now(), source, calendar);
  }

  publish(events: CaseDomainEvent[]): void {
    for (const e of events) this.events.publish(e);
  }

  private async open(tx: Tx, caseId: string, actor: Actor, source: EventSource): Promise<CaseSession> {
    const [row] = await tx.query<CaseRow>('SELECT * FROM approval_case WHERE id = $1 FOR UPDATE', [caseId]);
    if (!row) throw AppError.notFound('CASE.NOT_FOUND', `No case ${caseId}`);
    return this.session(tx, row, actor, source);
  }
}
