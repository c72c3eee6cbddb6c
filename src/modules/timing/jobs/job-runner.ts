import { Tracing } from '../../../shared/tracing/tracing.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { CHANNEL_CALENDAR, CHANNEL_JOB, DbNotifications } from '../../../persistence/db-notifications.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import { CaseRunner } from '../../cases/application/case-runner.js';
import { CalendarProvider } from '../../cases/application/calendar-provider.js';
import { CalendarVersion } from '../calendars/calendar-version.js';
import { CaseJobHandlers, SYSTEM_ACTOR } from './case-job.handlers.js';
import { type JobRow, JobStore, LEASE_EXPIRED } from './job-store.js';
import { describeError } from '../../../shared/logging/redact.js';

const LEASE_MS = 60_000;
const BATCH = 32;
const CONCURRENCY = 8;
/**
 * Job writes NOTIFY only for jobs due within this horizon (migration WebhookFanOutAndWakeUps): a
 * runner never sleeps longer, so it finds later jobs on a pass of its own.
 */
const JOB_WAKE_HORIZON_MS = 60_000;
/** How long POST /admin/clock waits for due jobs another node (or this node's loop) is running. */
const LEASED_WAIT_MS = 2_000;

/**
 * Runs due jobs from the `job` table on every node (ADR 0006, 0009). It sleeps until the next due job,
 * the next lease to expire, a pg_notify from a job write on any node, or the slow safety poll
 * (JOB_POLL_MS), whichever comes first; an idle node runs no queries between those. SKIP LOCKED
 * acquisition with a lease, exponential back-off, and an incident on the case after the last attempt —
 * an expired lease counts as an attempt, so a job that kills its node every time ends as an incident.
 * `runDue()` is the synchronous variant the test clock uses to run everything that became due.
 */
@Injectable()
export class JobRunner implements OnApplicationShutdown {
  readonly node = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly log = new Logger('JobRunner');
  private timer: NodeJS.Timeout | null = null;
  private plannedAt = Infinity;
  private inTick = false;
  /** Earliest due time (server-clock ms) notified while a pass was running. */
  private notifiedDue: number | null = null;
  private running = false;
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();
  private lastCalendarCheck = 0;
  private readonly unsubscribe: (() => void)[] = [];
  executed = 0;

  constructor(
    private readonly store: JobStore,
    private readonly handlers: CaseJobHandlers,
    private readonly runner: CaseRunner,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
    private readonly calendarVersion: CalendarVersion,
    private readonly notifications: DbNotifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tracing: Tracing,
  ) {}

  get started(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.unsubscribe.push(
      this.notifications.subscribe(CHANNEL_JOB, (payload) => this.notified(payload)),
      this.notifications.subscribe(CHANNEL_CALENDAR, () => this.calendars.invalidate()),
    );
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.running = false;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.loop;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Runs every job due by the server clock, including jobs those jobs schedule, before returning. */
  async runDue(max = 20_000): Promise<number> {
    let ran = 0;
    await this.recover();
    while (ran < max) {
      const batch = await this.store.acquire(this.handlers.kinds, this.clock.now(), BATCH, this.node, LEASE_MS);
      if (batch.length === 0) break;
      await this.execute(batch);
      ran += batch.length;
    }
    return ran;
  }

  /**
   * runDue, then waits (briefly) for due jobs that are leased — by this node's loop or another node —
   * running what they schedule; answers how many are still leased after that (a dead node's lease).
   */
  async runDueAndSettle(): Promise<{ jobsRun: number; stillLeased: number }> {
    let jobsRun = await this.runDue();
    const until = Date.now() + LEASED_WAIT_MS;
    let stillLeased = await this.store.countLeased(this.handlers.kinds, this.clock.now());
    while (stillLeased > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      jobsRun += await this.runDue();
      stillLeased = await this.store.countLeased(this.handlers.kinds, this.clock.now());
    }
    return { jobsRun, stillLeased };
  }

  /** A job write on some node: wake up now, or earlier than planned if the new job is due earlier. */
  private notified(payload: string): void {
    if (!this.running) return;
    const due = payload === '' ? 0 : Number(payload);
    const at = Number.isFinite(due) ? due : 0;
    if (this.inTick || !this.timer) {
      this.notifiedDue = Math.min(this.notifiedDue ?? Infinity, at);
      return;
    }
    const delay = Math.max(0, at - this.clock.now().getTime());
    if (Date.now() + delay < this.plannedAt) this.schedule(delay);
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    const ms = Math.max(0, Math.min(delay, this.config.jobPollMs, JOB_WAKE_HORIZON_MS));
    this.plannedAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.inTick = true;
      this.notifiedDue = null;
      this.loop = this.tick()
        .catch((e: unknown) => {
          this.log.error(`job pass failed: ${describeError(e)}`);
          return this.config.jobPollMs;
        })
        .then((next) => {
          this.inTick = false;
          const notified = this.notifiedDue === null ? Infinity : this.notifiedDue - this.clock.now().getTime();
          this.notifiedDue = null;
          this.schedule(Math.min(next, notified));
        });
    }, ms);
  }

  /** One pass; answers how long to sleep (0 when the batch was full: more may be waiting). */
  private async tick(): Promise<number> {
    await this.checkCalendars();
    await this.recover();
    const batch = await this.store.acquire(this.handlers.kinds, this.clock.now(), BATCH, this.node, LEASE_MS);
    await this.execute(batch);
    if (batch.length === BATCH || this.stopping) return 0;
    const next = await this.store.nextWake(this.handlers.kinds);
    const due = next.dueAt ? next.dueAt.getTime() - this.clock.now().getTime() : Infinity;
    // +5 ms: wake just after the instant, not just before it.
    const lease = next.leaseEndsInMs === null ? Infinity : next.leaseEndsInMs + 5;
    return Math.max(0, Math.min(due, lease, this.config.jobPollMs, JOB_WAKE_HORIZON_MS));
  }

  /** Expired leases: back to the queue, or failed with an incident once their attempts are used up. */
  private async recover(): Promise<void> {
    const recovered = await this.store.recoverExpiredLeases(this.handlers.kinds, this.clock.now());
    for (const job of recovered) {
      this.log.warn(`job ${job.id} (${job.kind}) lease expired on attempt ${job.attempts}/${job.max_attempts}`);
      if (job.state === 'failed') await this.incident(job, LEASE_EXPIRED);
    }
  }

  /**
   * Calendar writes notify (CHANNEL_CALENDAR); this check only backs that up, on the safety poll, for a
   * notification lost while the listen connection was down.
   */
  private async checkCalendars(): Promise<void> {
    if (Date.now() - this.lastCalendarCheck < this.config.jobPollMs) return;
    this.lastCalendarCheck = Date.now();
    if (await this.calendarVersion.changed()) this.calendars.invalidate();
  }

  private async execute(batch: JobRow[]): Promise<void> {
    const queue = [...batch];
    const worker = async (): Promise<void> => {
      for (let job = queue.shift(); job; job = queue.shift()) await this.one(job);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  }

  private async one(job: JobRow): Promise<void> {
    try {
      await this.tracing.command(
        'RunJob',
        { 'tongban.job.kind': job.kind, ...(job.case_id ? { 'tongban.case.id': job.case_id } : {}) },
        () => this.handlers.run(job),
      );
      this.executed++;
    } catch (e) {
      // Stored on the job and, after the last attempt, in the case's timeline (kept for good): scrubbed
      // like a log line, since an error's message can quote applicants' data or a database value.
      const message = describeError(e);
      const state = await this.store.fail(job, this.node, message, this.clock.now());
      this.log.warn(`job ${job.id} (${job.kind}) attempt ${job.attempts}/${job.max_attempts} failed: ${message}`);
      if (state === 'failed') await this.incident(job, message);
    }
  }

  /** After the last attempt: an incident on the case timeline an admin can see and retry. */
  private async incident(job: JobRow, message: string): Promise<void> {
    if (!job.case_id) return;
    try {
      await this.runner.run(job.case_id, SYSTEM_ACTOR, 'SYSTEM', async (s) => {
        const data = {
          jobId: job.id,
          kind: job.kind,
          attempts: job.attempts,
          message,
          retry: `/api/v1/admin/jobs/${job.id}/retry`,
        };
        await s.timeline({ type: 'incident', elementId: job.element_id, data });
        await s.emit('incident.raised', { elementId: job.element_id, ...data });
      });
    } catch (e) {
      this.log.error(`could not record the incident of job ${job.id}: ${describeError(e)}`);
    }
  }
}
