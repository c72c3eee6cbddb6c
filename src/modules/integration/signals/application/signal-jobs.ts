import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ProcessModel } from '../../../../engine/index.js';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { CaseOpener } from '../../../cases/application/case-opener.js';
import { CaseRunner } from '../../../cases/application/case-runner.js';
import type { Actor } from '../../../cases/domain/case-row.js';
import { JOB_KIND_SIGNAL_FANOUT } from '../../../cases/domain/effect-writer.js';
import { protectedIn } from '../../../cases/domain/protected-variables.js';
import { DefinitionModels } from '../../../definitions/application/definition-models.js';
import { MetricsRegistry } from '../../../health/metrics.registry.js';
import { CaseJobHandlers, JobFailure } from '../../../timing/jobs/case-job.handlers.js';
import { type JobRow, JobStore } from '../../../timing/jobs/job-store.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { type BroadcastRow, JOB_KIND_SIGNAL_DELIVER, JOB_KIND_SIGNAL_START } from '../domain/signal-broadcast.js';
import { SignalFanOut } from './signal-fan-out.js';

/**
 * The durable jobs of a broadcast (ADR 0020), run by the job runner on any node:
 * - `signal.fanout`: a signal thrown inside a case, fanned out to the other cases after that case's command
 *   committed (the throwing case was reached by its own throw);
 * - `signal.deliver`: one case's delivery — a command of that case (row locked, one transaction) that
 *   triggers its subscriptions, records `signal_delivery` and marks the job done, all in that transaction:
 *   a delivery happens exactly when its job is done, and the delivery row's primary key refuses a second;
 * - `signal.start`: one new case at a process's signal start event.
 */
@Injectable()
export class SignalJobs implements OnModuleInit {
  constructor(
    private readonly handlers: CaseJobHandlers,
    private readonly store: JobStore,
    private readonly uow: UnitOfWork,
    private readonly fanOut: SignalFanOut,
    private readonly runner: CaseRunner,
    private readonly opener: CaseOpener,
    private readonly models: DefinitionModels,
    private readonly metrics: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    this.handlers.useKind(JOB_KIND_SIGNAL_FANOUT, (job) => this.runFanOut(job));
    this.handlers.useKind(JOB_KIND_SIGNAL_DELIVER, (job) => this.deliver(job));
    this.handlers.useKind(JOB_KIND_SIGNAL_START, (job) => this.start(job));
  }

  private async runFanOut(job: JobRow): Promise<void> {
    const broadcastId = text(job, 'broadcastId');
    await this.uow.run(async (tx) => {
      await this.fanOut.fanOut(tx, broadcastId);
      await this.store.markDone(tx, job.id, new Date());
    });
  }

  private async broadcast(id: string): Promise<BroadcastRow> {
    const [b] = await this.uow.query<BroadcastRow>('SELECT * FROM signal_broadcast WHERE id = $1', [id]);
    if (!b) throw new JobFailure(`no signal broadcast ${id}`);
    return b;
  }

  private async deliver(job: JobRow): Promise<void> {
    const b = await this.broadcast(text(job, 'broadcastId'));
    const ids = job.payload.subscriptionIds;
    const subscriptionIds = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
    if (!job.case_id) throw new JobFailure(`signal delivery ${job.id} has no case`);
    const delivered = await this.runner.run(job.case_id, senderOf(b), 'SYSTEM', async (s) => {
      const [seen] = await s.tx.query('SELECT 1 FROM signal_delivery WHERE broadcast_id = $1 AND case_id = $2', [
        b.id,
        s.row.id,
      ]);
      let received = 0;
      if (!seen && !s.row.ended_at && s.row.status !== 'SUSPENDED') {
        // A broadcast cannot set what routes a case: those variables are left out for this case.
        const ignored = protectedIn(b.variables, s.model);
        const variables = withoutProtected(b.variables, s.model);
        const effects = await s.advance({ type: 'broadcastSignal', name: b.name, variables, subscriptionIds });
        received = effects.filter((e) => e.type === 'signal.received').length;
        if (ignored.length > 0)
          await s.timeline({ type: 'signal.variables_ignored', data: { broadcastId: b.id, variables: ignored } });
        s.stageRows({
          table: 'signal_delivery',
          op: 'upsert',
          rows: [{ broadcast_id: b.id, case_id: s.row.id, subscriptions: received, delivered_at: s.now.toISOString() }],
        });
      }
      await this.store.markDone(s.tx, job.id, s.now, received === 0 ? 'no subscription left to deliver to' : null);
      return received > 0;
    });
    this.metrics.signalDeliveries.inc({ result: delivered ? 'delivered' : 'skipped' });
  }

  private async start(job: JobRow): Promise<void> {
    const b = await this.broadcast(text(job, 'broadcastId'));
    const { row: def, model } = await this.models.byId(text(job, 'definitionId'));
    const department = b.sender_department;
    const region = b.region_code ?? department?.slice(0, 6) ?? '';
    if (!department || !/^\d{6}$/.test(region))
      throw new JobFailure(`signal ${b.name}: starting a case needs a department with a region code`);
    const principal: Principal = {
      kind: 'user',
      id: b.sender_id,
      name: b.sender_name,
      roles: [],
      dept: department,
      region,
      scopes: [],
    };
    await this.runner.transaction(async (tx) => {
      const session = await this.opener.open(
        tx,
        {
          id: randomUUID(),
          definition: def,
          model,
          department,
          region,
          item: null,
          businessKey: null,
          channel: 'ONLINE',
          applicant: { type: 'LEGAL_PERSON', name: b.sender_name },
          agent: null,
          materials: [],
          // As for a message start: the sender may not set what routes the case.
          variables: { department, regionCode: region, ...withoutProtected(b.variables, model) },
          startEventId: text(job, 'startEventId'),
        },
        principal,
      );
      await session.timeline({
        type: 'signal.received',
        elementId: text(job, 'startEventId'),
        data: { signalName: b.name, broadcastId: b.id, started: true },
      });
      await this.store.markDone(tx, job.id, new Date());
      await session.save();
      return { out: undefined, events: session.events };
    });
  }
}

function withoutProtected(variables: Record<string, unknown>, model: ProcessModel): Record<string, unknown> {
  const guarded = protectedIn(variables, model);
  return Object.fromEntries(Object.entries(variables).filter(([k]) => !guarded.includes(k)));
}

function text(job: JobRow, key: string): string {
  const v = job.payload[key];
  if (typeof v !== 'string') throw new JobFailure(`job ${job.id} (${job.kind}) has no ${key}`);
  return v;
}

function senderOf(b: BroadcastRow): Actor {
  return { id: b.sender_id, name: b.sender_name, department: b.sender_department };
}
