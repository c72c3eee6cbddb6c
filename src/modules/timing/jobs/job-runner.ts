import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { ClockService } from '../../../shared/clock/clock.service.js';
import { CaseRunner } from '../../cases/application/case-runner.js';
import { CalendarProvider } from '../../cases/application/calendar-provider.js';
import { CalendarVersion } from '../calendars/calendar-version.js';
import { CASE_JOB_KINDS, CaseJobHandlers, SYSTEM_ACTOR } from './case-job.handlers.js';
import { type JobRow, JobStore } from './job-store.js';

const LEASE_MS = 60_000;
const BATCH = 32;
const CONCURRENCY = 8;
const CALENDAR_CHECK_MS = 2_000;

/**
 * Runs due jobs from the `job` table on every node (ADR 0006): a short poll (JOB_POLL_MS), SKIP LOCKED
 * acquisition with a lease, exponential back-off, and an incident on the case after the last attempt.
 * `runDue()` is the synchronous variant the test clock uses to run everything that became due.
 */
@Injectable()
export class JobRunner implements OnApplicationShutdown {
  readonly node = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly log = new Logger('JobRunner');
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();
  private lastCalendarCheck = 0;
  executed = 0;

  constructor(
    private readonly store: JobStore,
    private readonly handlers: CaseJobHandlers,
    private readonly runner: CaseRunner,
    private readonly clock: ClockService,
    private readonly calendars: CalendarProvider,
    private readonly calendarVersion: CalendarVersion,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get started(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.running = false;
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
    await this.store.recoverExpiredLeases(CASE_JOB_KINDS);
    while (ran < max) {
      const batch = await this.store.acquire(CASE_JOB_KINDS, this.clock.now(), BATCH, this.node, LEASE_MS);
      if (batch.length === 0) break;
      await this.execute(batch);
      ran += batch.length;
    }
    return ran;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.loop = this.tick()
        .catch((e: unknown) => this.log.error(`job poll failed: ${String(e)}`))
        .then((busy) => this.schedule(busy ? 0 : this.config.jobPollMs));
    }, delay);
  }

  /** One poll; true when the batch was full (more may be waiting, so poll again at once). */
  private async tick(): Promise<boolean> {
    await this.checkCalendars();
    await this.store.recoverExpiredLeases(CASE_JOB_KINDS);
    const batch = await this.store.acquire(CASE_JOB_KINDS, this.clock.now(), BATCH, this.node, LEASE_MS);
    await this.execute(batch);
    return batch.length === BATCH && !this.stopping;
  }

  /** Another node may have written a calendar: drop the cached ones so due dates use the new days. */
  private async checkCalendars(): Promise<void> {
    if (Date.now() - this.lastCalendarCheck < CALENDAR_CHECK_MS) return;
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
      await this.handlers.run(job);
      this.executed++;
    } catch (e) {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
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
      this.log.error(`could not record the incident of job ${job.id}: ${String(e)}`);
    }
  }
}
