/**
 * Called by CaseSession.save(), inside the command's transaction: derives the legal and promised
 * clocks from the case's records, keeps a history of due-date changes, raises supervision alerts and
 * (re)schedules the two jobs time needs — the 5-working-day deemed-acceptance check and the next
 * deadline check. Everything lands with the state that caused it, or not at all.
 */
import { randomUUID } from 'node:crypto';
import { clockRecords } from '../../cases/domain/clock-records.js';
import type { CaseSession } from '../../cases/domain/case-session.js';
import { type AlertSummary, evaluateAlerts, type OpenTaskClock } from '../../supervision/domain/alert-rules.js';
import { raiseAlerts, resolveAlerts } from '../../supervision/domain/alert-writer.js';
import { type Clocks, computeClocks, type TimingRecords } from './compute-clocks.js';
import { type ClockState, DEFAULT_SUPERVISION } from './time-limit.types.js';
import { correctionNoticeDeadline } from './working-time.js';

export interface DueChange {
  at: string;
  dueAt: string | null;
  cause: string;
}

interface JobRef {
  id: string;
  dueAt: string;
}

export interface StoredTiming extends TimingRecords {
  legal?: ClockState & { history?: DueChange[] };
  promised?: ClockState & { history?: DueChange[] };
  alerts?: AlertSummary[];
  deadlineJob?: JobRef | null;
  acceptanceJob?: JobRef | null;
}

export const JOB_KIND_DEADLINE = 'deadline';
export const JOB_KIND_ACCEPTANCE = 'acceptance';
const HISTORY_MAX = 50;

export async function syncTimeLimits(s: CaseSession): Promise<void> {
  const cal = s.calendar;
  if (!cal) return;
  const { row } = s;
  const now = s.now.toISOString();
  const timing = s.timing;
  const rec = clockRecords(row.clocks) as StoredTiming;
  const alerts = [...(rec.alerts ?? [])];

  if (row.status === 'CORRECTION_REQUESTED' && !rec.correctionNoticeAt && !row.accepted_at)
    rec.correctionNoticeAt = now;
  if (timing?.legalLimit && !rec.acceptanceJob && !row.accepted_at && !row.ended_at && !rec.deemedAcceptedAt) {
    const dueAt = new Date(Date.parse(correctionNoticeDeadline(cal, row.received_at.toISOString())) + 1).toISOString();
    rec.acceptanceJob = await scheduleJob(s, JOB_KIND_ACCEPTANCE, dueAt);
  }

  let clocks: Clocks | null = null;
  if (timing && (timing.legalLimit || timing.promisedLimit)) {
    clocks = computeClocks(
      cal,
      {
        receivedAt: row.received_at.toISOString(),
        acceptedAt: row.accepted_at?.toISOString() ?? null,
        endedAt: row.ended_at?.toISOString() ?? null,
        records: rec,
        legalLimit: timing.legalLimit,
        promisedLimit: timing.promisedLimit,
      },
      now,
      timing.supervision,
    );
    const cause = causeOf(rec, now);
    rec.legal = { ...clocks.legal, history: withHistory(rec.legal, clocks.legal, now, cause) };
    rec.promised = { ...clocks.promised, history: withHistory(rec.promised, clocks.promised, now, cause) };
    row.legal_due_at = clocks.legal.dueAt ? new Date(clocks.legal.dueAt) : null;
    row.promised_due_at = clocks.promised.dueAt ? new Date(clocks.promised.dueAt) : null;
    row.time_state = clocks.timeState;
  }

  const hasOpenAlerts = alerts.some((a) => a.resolvedAt === null);
  const tasks = row.ended_at && !hasOpenAlerts ? [] : await openTaskClocks(s);
  const decision = evaluateAlerts(cal, clocks ?? IDLE, tasks, alerts, timing?.supervision ?? DEFAULT_SUPERVISION, now);
  if (decision.raise.length) await raiseAlerts(s, decision.raise, alerts);
  if (decision.resolve.length) await resolveAlerts(s, decision.resolve, alerts);
  if (alerts.length) rec.alerts = alerts;

  const next = row.ended_at ? null : decision.nextCheckAt;
  if ((rec.deadlineJob?.dueAt ?? null) !== next) {
    if (rec.deadlineJob) await cancelJob(s, rec.deadlineJob.id);
    rec.deadlineJob = next ? await scheduleJob(s, JOB_KIND_DEADLINE, next) : null;
  }
  row.clocks = { ...rec };
}

async function scheduleJob(s: CaseSession, kind: string, dueAt: string): Promise<JobRef> {
  const id = randomUUID();
  await s.tx.query(`INSERT INTO job (id, case_id, kind, due_at, payload) VALUES ($1,$2,$3,$4,$5)`, [
    id,
    s.row.id,
    kind,
    dueAt,
    JSON.stringify({ caseId: s.row.id }),
  ]);
  return { id, dueAt };
}

async function cancelJob(s: CaseSession, id: string): Promise<void> {
  await s.tx.query(`UPDATE job SET state = 'cancelled', done_at = $2 WHERE id = $1 AND state = 'scheduled'`, [
    id,
    s.now,
  ]);
}

async function openTaskClocks(s: CaseSession): Promise<OpenTaskClock[]> {
  const rows = await s.tx.query<{
    id: string;
    element_id: string;
    name: string | null;
    due_at: Date;
    candidate_departments: string[];
  }>(
    `SELECT id, element_id, name, due_at, candidate_departments FROM work_item
      WHERE case_id = $1 AND state = 'open' AND due_at IS NOT NULL`,
    [s.row.id],
  );
  return rows.map((r) => ({
    id: r.id,
    elementId: r.element_id,
    name: r.name,
    dueAt: r.due_at.toISOString(),
    department: r.candidate_departments[0] ?? null,
  }));
}

/** What moved the due dates at this instant, for the history. */
function causeOf(rec: StoredTiming, now: string): string {
  if (rec.extensions.some((e) => e.requestedAt === now)) return 'extension';
  const e = [...rec.events].reverse().find((x) => x.at === now);
  if (e) return e.action;
  if (rec.deemedAcceptedAt === now || rec.correctionNoticeAt === now) return 'deemedAcceptance';
  return 'recompute';
}

function withHistory(
  prev: (ClockState & { history?: DueChange[] }) | undefined,
  next: ClockState,
  at: string,
  cause: string,
): DueChange[] {
  const history = prev?.history ?? [];
  if ((prev?.dueAt ?? null) === next.dueAt) return history;
  return [...history, { at, dueAt: next.dueAt, cause }].slice(-HISTORY_MAX);
}

const IDLE_CLOCK: ClockState = {
  dueAt: null,
  limit: null,
  startedAt: null,
  stoppedAt: null,
  elapsedWorkingDays: 0,
  remainingWorkingDays: null,
  pausedWorkingDays: 0,
  extendedWorkingDays: 0,
  paused: false,
  running: false,
  overdue: false,
  deemedAcceptance: false,
};
const IDLE: Clocks = { legal: IDLE_CLOCK, promised: IDLE_CLOCK, timeState: 'NORMAL' };
