import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { CaseStore } from '../../../persistence/case-store/case-store.js';
import { UnitOfWork } from '../../../persistence/unit-of-work.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import { AppError } from '../../../shared/errors/app-error.js';
import { DefinitionModels } from '../../definitions/application/definition-models.js';
import type { TaskRow } from '../../tasks/domain/task-row.js';
import { CalendarProvider } from './calendar-provider.js';
import type { CaseEffectHandler, CaseTx } from '../domain/case-port.js';
import { CaseDomainEvent } from '../domain/case-events.js';
import type { Actor, CaseRow, EventSource } from '../domain/case-row.js';
import { CaseSession } from '../domain/case-session.js';
import { type ItemTiming, itemTimingFrom } from '../../timing/domain/time-limit.types.js';
import { withCaseNumbers, withCaseNumbersIn } from '../domain/case-number.js';

/**
 * Runs a command against one case: read (BEGIN + lock the case row FOR UPDATE + its open work items,
 * one round trip) → plan in memory (engine, time limits, timeline, outbox) → write the change set
 * with COMMIT (one round trip) → publish events. Two departments finishing parallel reviews at once
 * serialise on the row lock; a serialization failure or deadlock is retried with the state re-read.
 */
export type CaseTarget = string | { taskId: string; kind?: 'user' | 'external'; notFound?: AppError };

@Injectable()
export class CaseRunner {
  /** Item versions are immutable (service_item_version), so their limits are cached by code and version. */
  private readonly itemTimings = new Map<string, ItemTiming | null>();
  private settleCalls: ((s: CaseSession) => Promise<void>) | null = null;
  private readonly effectHandlers: CaseEffectHandler[] = [];

  constructor(
    private readonly store: CaseStore,
    private readonly uow: UnitOfWork,
    private readonly models: DefinitionModels,
    private readonly events: EventBus,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Call activities register here (they need the runner, so the runner cannot need them). */
  useCallSettler(settle: (s: CaseSession) => Promise<void>): void {
    this.settleCalls = settle;
  }

  /** Modules that must act on a step's effects with I/O register here (the port the cases module owns). */
  useEffectHandler(handler: CaseEffectHandler): void {
    this.effectHandlers.push(handler);
  }

  /**
   * `target`: the case id, or a work item whose case to lock (optionally of one kind).
   * `answer`: builds the command's answer from the session after the save, before the write (ADR 0005):
   * it is what an Idempotency-Key stores, and nothing is read back for it.
   */
  async run<T>(target: CaseTarget, actor: Actor, source: EventSource, work: (s: CaseSession) => Promise<T>): Promise<T>;
  async run<T, A>(
    target: CaseTarget,
    actor: Actor,
    source: EventSource,
    work: (s: CaseSession) => Promise<T>,
    answer: (s: CaseSession, out: T) => Promise<A>,
  ): Promise<A>;
  async run<T, A>(
    target: CaseTarget,
    actor: Actor,
    source: EventSource,
    work: (s: CaseSession) => Promise<T>,
    answer?: (s: CaseSession, out: T) => Promise<A>,
  ): Promise<T | A> {
    return this.transaction<T | A>(async (tx) => {
      const session = await this.lock(tx, target, actor, source);
      const out = await work(session);
      await session.save();
      if (!answer) return { out, events: session.events };
      return { out: await answer(session, out), events: session.events };
    });
  }

  /**
   * One case-store transaction; `work` returns its answer and the events to publish once committed.
   * Case numbers are taken by the write itself: events and the answer carry them once it is done.
   */
  async transaction<T>(work: (tx: CaseTx) => Promise<{ out: T; events: CaseDomainEvent[] }>): Promise<T> {
    let numbers = new Map<string, string>();
    let events: CaseDomainEvent[] = [];
    const out = await this.store.transaction(async (t) => {
      const r = await work(t);
      events = r.events;
      numbers = t.caseNumbers;
      return r.out;
    });
    if (numbers.size === 0) {
      this.publish(events);
      return out;
    }
    // An answer planned before the write took the numbers (creation's) gets them now.
    this.publish(events.map((e) => withNumbers(e, numbers)));
    return withCaseNumbersIn(out, numbers);
  }

  /** A session on a row in hand: a case just planned (isNew) or one locked by this transaction. */
  async session(
    tx: CaseTx,
    row: CaseRow,
    actor: Actor,
    source: EventSource,
    items: readonly TaskRow[] = [],
    isNew = false,
  ): Promise<CaseSession> {
    const { model } = await this.models.byId(row.process_definition_id);
    const calendar = await this.calendars.forRegion(row.region_code);
    const session = new CaseSession(tx, row, model, actor, this.clock.now(), source, calendar, items, isNew);
    session.beforeSave = this.settleCalls;
    session.effectHandlers = this.effectHandlers;
    session.engineLimits = this.config.engineLimits;
    session.timing = await this.itemTiming(row);
    return session;
  }

  /** Locks another case in this transaction (a parent or child of the one in hand). */
  async lockCase(tx: CaseTx, caseId: string, actor: Actor, source: EventSource): Promise<CaseSession | null> {
    const locked = await tx.lock({ caseId });
    return locked ? this.session(tx, locked.row, actor, source, locked.items) : null;
  }

  publish(events: CaseDomainEvent[]): void {
    for (const e of events) this.events.publish(e);
  }

  private async itemTiming(row: CaseRow): Promise<ItemTiming | null> {
    if (!row.item_code || row.item_version === null) return null;
    const key = `${row.item_code}@${row.item_version}`;
    if (!this.itemTimings.has(key)) {
      // Catalogue data, immutable per version: read outside the command's transaction, once.
      const [item] = await this.uow.query<{ data: Record<string, unknown> }>(
        `SELECT v.data FROM service_item_version v JOIN service_item i ON i.id = v.item_id
          WHERE i.code = $1 AND v.version = $2`,
        [row.item_code, row.item_version],
      );
      this.itemTimings.set(key, item ? itemTimingFrom(item.data) : null);
    }
    return this.itemTimings.get(key) ?? null;
  }

  private async lock(tx: CaseTx, target: CaseTarget, actor: Actor, source: EventSource): Promise<CaseSession> {
    if (typeof target !== 'string') {
      const locked = await tx.lock({ taskId: target.taskId, ...(target.kind ? { kind: target.kind } : {}) });
      if (!locked) throw target.notFound ?? AppError.notFound('TASK.NOT_FOUND', `No task ${target.taskId}`);
      return this.session(tx, locked.row, actor, source, locked.items);
    }
    const locked = await tx.lock({ caseId: target });
    if (!locked) throw AppError.notFound('CASE.NOT_FOUND', `No case ${target}`);
    return this.session(tx, locked.row, actor, source, locked.items);
  }
}

function withNumbers(e: CaseDomainEvent, numbers: Map<string, string>): CaseDomainEvent {
  const payload = JSON.parse(withCaseNumbers(JSON.stringify(e.payload), numbers)) as Record<string, unknown>;
  return new CaseDomainEvent(e.id, e.type, e.caseId, payload, e.occurredAt);
}
