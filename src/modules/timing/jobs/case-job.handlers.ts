import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { fireTaskTimeout } from '../../tasks/domain/task-timeout-firing.js';
import { JOB_KIND_TASK_TIMEOUT, parseTimeoutPayload } from '../../tasks/domain/task-timeouts.js';
import { type Effect, EngineError, EngineErrorCode } from '../../../engine/index.js';
import { clockRecords } from '../../cases/domain/clock-records.js';
import type { Actor } from '../../cases/domain/case-row.js';
import { CaseRunner } from '../../cases/application/case-runner.js';
import type { CaseSession } from '../../cases/domain/case-session.js';
import { type StoredTiming, JOB_KIND_ACCEPTANCE, JOB_KIND_DEADLINE } from '../domain/plan-time-limits.js';
import { deemAcceptance } from './deemed-acceptance.js';
import { RULE_JOB_KINDS, runRuleJob } from './rule-jobs.js';
import { type JobRow, JobStore } from './job-store.js';
import { JOB_KIND_TIMER_START, TimerStartScheduler } from './timer-start.scheduler.js';

export const SYSTEM_ACTOR: Actor = { id: 'system', name: '系统', department: null };
export const JOB_KIND_TIMER = 'timer';
export const CASE_JOB_KINDS = [
  JOB_KIND_TIMER,
  JOB_KIND_DEADLINE,
  JOB_KIND_ACCEPTANCE,
  JOB_KIND_TIMER_START,
  ...RULE_JOB_KINDS,
  JOB_KIND_TASK_TIMEOUT,
];

/** A job that cannot run (bad payload, no case): retried like any failure, then an incident. */
export class JobFailure extends Error {}

/**
 * What each case-scoped job kind does. Each runs as a case command (row locked, one transaction) and
 * marks its job done in that same transaction: a job is done exactly when its effects are committed.
 */
@Injectable()
export class CaseJobHandlers {
  /** Job kinds other modules run (signals' fan-out and deliveries), registered at start-up. */
  private readonly plugged = new Map<string, (job: JobRow) => Promise<void>>();

  constructor(
    private readonly runner: CaseRunner,
    private readonly store: JobStore,
    private readonly timerStarts: TimerStartScheduler,
  ) {}

  /** Registers the runner of a job kind owned by another module; its jobs are acquired from then on. */
  useKind(kind: string, run: (job: JobRow) => Promise<void>): void {
    this.plugged.set(kind, run);
  }

  /** Every job kind this node runs. */
  get kinds(): string[] {
    return [...CASE_JOB_KINDS, ...this.plugged.keys()];
  }

  async run(job: JobRow): Promise<void> {
    if (job.kind === JOB_KIND_TIMER_START) return this.timerStarts.fire(job);
    const plugged = this.plugged.get(job.kind);
    if (plugged) return plugged(job);
    if (!job.case_id) throw new JobFailure(`job ${job.id} (${job.kind}) has no case`);
    switch (job.kind) {
      case JOB_KIND_TIMER:
        return this.fireTimer(job, job.case_id);
      case JOB_KIND_DEADLINE:
        return this.caseCommand(job, job.case_id, (s) => {
          // The save hook recomputes clocks, raises what is due and schedules the next check.
          const rec = clockRecords(s.row.clocks) as StoredTiming;
          if (rec.deadlineJob?.id === job.id) s.row.clocks = { ...rec, deadlineJob: null };
          return Promise.resolve();
        });
      case JOB_KIND_ACCEPTANCE:
        return this.caseCommand(job, job.case_id, (s) => deemAcceptance(s, job));
      case JOB_KIND_TASK_TIMEOUT: {
        const payload = parseTimeoutPayload(job.payload);
        if (!payload) throw new JobFailure(`task-timeout job ${job.id} has a malformed payload`);
        return this.caseCommand(job, job.case_id, (s) => fireTaskTimeout(s, payload, randomUUID));
      }
      default:
        if (RULE_JOB_KINDS.includes(job.kind)) return this.caseCommand(job, job.case_id, (s) => runRuleJob(s, job));
        throw new JobFailure(`no handler for job kind ${job.kind}`);
    }
  }

  private caseCommand(job: JobRow, caseId: string, work: (s: CaseSession) => Promise<void>): Promise<void> {
    return this.runner.run(caseId, SYSTEM_ACTOR, 'SYSTEM', async (s) => {
      await work(s);
      await this.store.markDone(s.tx, job.id, s.now);
    });
  }

  private async fireTimer(job: JobRow, caseId: string): Promise<void> {
    const engineJobId = typeof job.payload.jobId === 'string' ? job.payload.jobId : null;
    if (!engineJobId) throw new JobFailure(`timer job ${job.id} has no engine job id in its payload`);
    try {
      await this.caseCommand(job, caseId, async (s) => {
        await s.timeline({ type: 'timer.fired', elementId: job.element_id, data: { jobId: engineJobId } });
        const effects = await s.advance({ type: 'fireTimer', jobId: engineJobId });
        await recordSilentCompletions(s, effects);
      });
    } catch (e) {
      // Cancelled by the engine (the task finished, the case ended) after this row was picked: nothing to do.
      if (!(e instanceof EngineError && e.code === EngineErrorCode.JOB_NOT_FOUND)) throw e;
      await this.store.markDoneAlone(job.id, 'engine job no longer scheduled');
    }
  }
}

/**
 * A joint-approval task completed by silence (超时默认同意): the engine completed it, the work item
 * and the timeline are ours to write, with the system as the actor.
 */
async function recordSilentCompletions(s: CaseSession, effects: Effect[]): Promise<void> {
  for (const e of effects) {
    if (e.type !== 'task.completed') continue;
    if (s.task(e.taskId)?.state === 'open')
      s.patchTask(e.taskId, {
        state: 'completed',
        outcome: e.outcome,
        opinion: e.opinion,
        completed_at: s.now,
        completed_by: SYSTEM_ACTOR.id,
      });
    await s.timeline({
      type: 'task.completed',
      elementId: e.elementId,
      opinion: e.opinion,
      data: { taskId: e.taskId, outcome: e.outcome, silenceConsent: true },
    });
    await s.emit('task.completed', {
      taskId: e.taskId,
      elementId: e.elementId,
      outcome: e.outcome,
      opinion: e.opinion,
      by: SYSTEM_ACTOR.id,
    });
  }
}
