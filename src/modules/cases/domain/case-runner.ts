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
import { type ItemTiming, itemTimingFrom } from '../../timing/domain/time-limit.types.js';

/**
 * Runs a command against one case: begin → lock the case row (FOR UPDATE) → work → save → commit →
 * publish events. Two departments finishing parallel reviews at once serialise on the row lock; a
 * serialization failure or deadlock is retried by the unit of work with the state re-read.
 */
export type CaseTarget = string | { taskId: string; kind?: 'user' | 'external'; notFound?: AppError };

@Injectable()
export class CaseRunner {
  /** Item versions are immutable (service_item_version), so their limits are cached by code and version. */
  private readonly itemTimings = new Map<string, ItemTiming | null>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly models: DefinitionModels,
    private readonly events: EventBus,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
  ) {}

  private settleCalls: ((s: CaseSession) => Promise<void>) | null = null;

  /** Call activities register here (they need the runner, so the runner cannot need them). */
  useCallSettler(settle: (s: CaseSession) => Promise<void>): void {
    this.settleCalls = settle;
  }

  /**
   * `target`: the case id, or a work item whose case to lock (saves a look-up; optionally of one kind).
   * `answer`: reads the command's answer after the save, in the same transaction (ADR 0005).
   */
  async run<T>(target: CaseTarget, actor: Actor, source: EventSource, work: (s: CaseSession) => Promise<T>): Promise<T>;
  async run<T, A>(
    target: CaseTarget,
    actor: Actor,
    source: EventSource,
    work: (s: CaseSession) => Promise<T>,
    answer: (tx: Tx, out: T) => Promise<A>,
  ): Promise<A>;
  async run<T, A>(
    target: CaseTarget,
    actor: Actor,
    source: EventSource,
    work: (s: CaseSession) => Promise<T>,
    answer?: (tx: Tx, out: T) => Promise<A>,
  ): Promise<T | A> {
    let published: CaseDomainEvent[] = [];
    const result = await this.uow.run(async (tx) => {
      const session = await this.open(tx, target, actor, source);
      const out = await work(session);
      await session.save();
      published = session.events;
      return answer ? answer(tx, out) : out;
    });
    this.publish(published);
    return result;
  }

  /** For commands that create the row themselves (new cases) and then continue like any other. */
  async session(tx: Tx, row: CaseRow, actor: Actor, source: EventSource): Promise<CaseSession> {
    const { model } = await this.models.byId(row.process_definition_id);
    const calendar = await this.calendars.forRegion(row.region_code);
    const session = new CaseSession(tx, row, model, actor, this.clock.now(), source, calendar);
    session.beforeSave = this.settleCalls;
    session.timing = await this.itemTiming(tx, row);
    return session;
  }

  private async itemTiming(tx: Tx, row: CaseRow): Promise<ItemTiming | null> {
    if (!row.item_code || row.item_version === null) return null;
    const key = `${row.item_code}@${row.item_version}`;
    if (!this.itemTimings.has(key)) {
      const [item] = await tx.query<{ data: Record<string, unknown> }>(
        `SELECT v.data FROM service_item_version v JOIN service_item i ON i.id = v.item_id
          WHERE i.code = $1 AND v.version = $2`,
        [row.item_code, row.item_version],
      );
      this.itemTimings.set(key, item ? itemTimingFrom(item.data) : null);
    }
    return this.itemTimings.get(key) ?? null;
  }

  publish(events: CaseDomainEvent[]): void {
    for (const e of events) this.events.publish(e);
  }

  private async open(tx: Tx, target: CaseTarget, actor: Actor, source: EventSource): Promise<CaseSession> {
    if (typeof target !== 'string') {
      const [row] = await tx.query<CaseRow>(
        `SELECT * FROM approval_case
          WHERE id = (SELECT case_id FROM work_item WHERE id = $1 AND ($2::text IS NULL OR kind = $2)) FOR UPDATE`,
        [target.taskId, target.kind ?? null],
      );
      if (!row) throw target.notFound ?? AppError.notFound('TASK.NOT_FOUND', `No task ${target.taskId}`);
      return this.session(tx, row, actor, source);
    }
    const [row] = await tx.query<CaseRow>('SELECT * FROM approval_case WHERE id = $1 FOR UPDATE', [target]);
    if (!row) throw AppError.notFound('CASE.NOT_FOUND', `No case ${target}`);
    return this.session(tx, row, actor, source);
  }
}
