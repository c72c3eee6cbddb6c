import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { nextCycle, planStartTimer, type TimerPlan } from '../../../engine/index.js';
import { ItemRepository } from '../../../persistence/repositories/item.repository.js';
import { UnitOfWork, type Tx } from '../../../persistence/unit-of-work.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { CalendarProvider } from '../../cases/application/calendar-provider.js';
import { CaseOpener } from '../../cases/application/case-opener.js';
import { CaseRunner } from '../../cases/application/case-runner.js';
import { DefinitionDeployedEvent } from '../../definitions/domain/definition-deployed.event.js';
import { DefinitionModels } from '../../definitions/application/definition-models.js';
import { JobStore, type JobRow } from './job-store.js';
import { describeError } from '../../../shared/logging/redact.js';

export const JOB_KIND_TIMER_START = 'timerStart';

interface StartPayload {
  definitionId: string;
  processKey: string;
  startEventId: string;
  cycle: TimerPlan['cycle'];
}

const SYSTEM: Principal = {
  kind: 'system',
  id: 'system',
  name: '系统（定时启动）',
  roles: [],
  dept: null,
  region: null,
  scopes: [],
};

/**
 * Timer start events: the latest version of a process keeps one scheduled job per timer start event;
 * when it fires, a case opens (handled by the department of the approval item bound to the process)
 * and, for a cycle, the next occurrence is scheduled in the same transaction. Deploying a new version
 * replaces the old version's timers, as in Camunda.
 */
@Injectable()
@EventsHandler(DefinitionDeployedEvent)
export class TimerStartScheduler implements IEventHandler<DefinitionDeployedEvent>, OnApplicationBootstrap {
  private readonly log = new Logger('TimerStart');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly models: DefinitionModels,
    private readonly opener: CaseOpener,
    private readonly runner: CaseRunner,
    private readonly items: ItemRepository,
    private readonly store: JobStore,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A deploy whose event was lost (the node stopped right after commit) is caught up at start-up. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runJobs) return;
    const keys = await this.uow.query<{ key: string }>(
      `SELECT DISTINCT key FROM process_definition WHERE xml LIKE '%timerEventDefinition%'`,
    );
    for (const { key } of keys)
      await this.reconcile(key).catch((e: unknown) => this.log.error(`${key}: ${describeError(e)}`));
  }

  handle(e: DefinitionDeployedEvent): void {
    this.reconcile(e.key).catch((err: unknown) =>
      this.log.error(`timer start events of ${e.key}: ${describeError(err)}`),
    );
  }

  /** Schedules what the latest version needs and cancels what older versions left. Idempotent. */
  async reconcile(key: string): Promise<number> {
    const { row, model } = await this.models.latest(key);
    if (model.timerStartEvents.length === 0 && !(await this.hasScheduled(key))) return 0;
    const calendar = await this.calendars.forRegion('CN');
    return this.uow.run(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`timer-start:${key}`]);
      await tx.query(
        `UPDATE job SET state = 'cancelled', done_at = now()
          WHERE kind = $1 AND state = 'scheduled' AND payload->>'processKey' = $2 AND payload->>'definitionId' <> $3`,
        [JOB_KIND_TIMER_START, key, row.id],
      );
      let scheduled = 0;
      for (const event of model.timerStartEvents) {
        const [existing] = await tx.query(
          `SELECT 1 FROM job WHERE kind = $1 AND payload->>'definitionId' = $2 AND element_id = $3 LIMIT 1`,
          [JOB_KIND_TIMER_START, row.id, event.id],
        );
        if (existing || !event.timer) continue;
        const plan = planStartTimer(
          event.timer,
          { now: this.clock.now().toISOString(), newId: randomUUID, calendar, limits: this.config.engineLimits },
          event.id,
        );
        await this.insert(
          tx,
          { definitionId: row.id, processKey: key, startEventId: event.id, cycle: plan.cycle },
          plan.dueAt,
        );
        scheduled++;
      }
      return scheduled;
    });
  }

  /** Runs a due timer start job: one new case, the next occurrence, the job done — one transaction. */
  async fire(job: JobRow): Promise<void> {
    const p = job.payload as unknown as StartPayload;
    const { row: def, model } = await this.models.byId(p.definitionId);
    const event = model.timerStartEvents.find((e) => e.id === p.startEventId);
    if (!event?.timer) throw new Error(`definition ${def.id} has no timer start event ${p.startEventId}`);
    const [item] = (await this.items.list({ processKey: def.key, status: ['IN_USE'], limit: 1, offset: 0 })).rows;
    if (!item)
      throw new Error(`no approval item in use is bound to ${def.key}: a timer-started case needs its department`);
    const calendar = await this.calendars.forRegion(item.regionCode);
    await this.runner.transaction(async (tx) => {
      const session = await this.opener.open(
        tx,
        {
          id: randomUUID(),
          definition: def,
          model,
          department: item.department,
          region: item.regionCode,
          item: { code: item.code, name: item.name, version: item.version, handlingType: item.handlingType },
          businessKey: null,
          channel: 'SYSTEM',
          applicant: { type: 'OTHER_ORG', name: SYSTEM.name },
          agent: null,
          materials: [],
          variables: { department: item.department, regionCode: item.regionCode, itemCode: item.code },
          startEventId: event.id,
        },
        SYSTEM,
      );
      await session.timeline({ type: 'timer.fired', elementId: event.id, data: { jobId: job.id, start: true } });
      await session.save();
      const next = p.cycle
        ? nextCycle(
            { now: job.due_at.toISOString(), newId: randomUUID, calendar, limits: this.config.engineLimits },
            p.cycle,
            job.due_at.toISOString(),
            event.timer?.working ?? false,
            event.id,
          )
        : null;
      if (next) await this.insert(tx, { ...p, cycle: next.cycle }, next.dueAt);
      await this.store.markDone(tx, job.id, this.clock.now());
      return { out: undefined, events: session.events };
    });
  }

  private async insert(tx: Tx, p: StartPayload, dueAt: string): Promise<void> {
    await tx.query(
      `INSERT INTO job (id, case_id, kind, element_id, due_at, payload) VALUES ($1, NULL, $2, $3, $4, $5)`,
      [randomUUID(), JOB_KIND_TIMER_START, p.startEventId, dueAt, JSON.stringify(p)],
    );
  }

  private async hasScheduled(key: string): Promise<boolean> {
    const [row] = await this.uow.query(
      `SELECT 1 FROM job WHERE kind = $1 AND state = 'scheduled' AND payload->>'processKey' = $2 LIMIT 1`,
      [JOB_KIND_TIMER_START, key],
    );
    return row !== undefined;
  }
}
