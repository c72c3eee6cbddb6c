import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors/app-error.js';
import type { CaseSession } from './case-session.js';
import { TERMINAL } from './case-status.js';
import { clockRecords } from './clock-records.js';
import type { CaseItem } from './item-of-case.js';

export const JOB_KIND_TOLERANCE = 'tolerance';
/** The post-decision steps that produce and hand over the certificate: they wait for the materials (T6). */
export const CERTIFICATE_STEPS: ReadonlySet<string> = new Set(['certify', 'seal', 'issue']);
const BASIS = '容缺受理：申请人未在承诺期限内补齐容缺材料的，容缺受理办理事项应当终止';

/** 容缺受理 (T5–T6) as the case keeps it. */
export interface ToleranceRecord {
  materials: { id: string; name: string }[];
  /** Material ids still missing. */
  outstanding: string[];
  deadline: string;
  acceptedAt: string;
  jobId: string;
  supplies: { at: string; by: string; materialIds: string[]; note: string | null }[];
  clearedAt: string | null;
  lapsedAt: string | null;
}

export function toleranceOf(clocks: Record<string, unknown>): ToleranceRecord | null {
  return (clocks.tolerance as ToleranceRecord | undefined) ?? null;
}

/** A date (end of that day in Beijing) or an instant. */
function deadlineInstant(raw: string): string | null {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T23:59:59.999+08:00` : raw;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * T5: only materials the item marks TOLERABLE (secondary materials) may be missing; the supply deadline lies
 * after now and no later than the promised limit from now. Records the tolerance and its deadline job.
 */
export async function acceptWithTolerance(
  s: CaseSession,
  elementId: string,
  item: CaseItem | null,
  materialIds: unknown[],
  rawDeadline: string,
  opinion: string | null,
): Promise<void> {
  const byId = new Map((item?.materials ?? []).map((m) => [m.id, m]));
  const problems = materialIds.flatMap((id, i) => {
    const m = typeof id === 'string' ? byId.get(id) : undefined;
    if (!m)
      return [
        {
          code: 'CASE.UNKNOWN_MATERIAL',
          message: `No material ${String(id)} on the item`,
          path: `variables.toleranceMaterials[${i}]`,
        },
      ];
    if (m.necessity !== 'TOLERABLE')
      return [
        {
          code: 'CASE.MATERIAL_NOT_TOLERABLE',
          message: `Material ${m.id} (${m.name}) is ${m.necessity}: only TOLERABLE (secondary) materials may be supplied later`,
          path: `variables.toleranceMaterials[${i}]`,
        },
      ];
    return [];
  });
  const first = problems[0];
  if (first) throw AppError.invalid(first.code, first.message, problems);
  const ids = [...new Set(materialIds as string[])];
  const deadline = deadlineInstant(rawDeadline);
  const now = s.now.toISOString();
  if (!deadline || deadline <= now)
    throw AppError.invalid(
      'CASE.TOLERANCE_DEADLINE_INVALID',
      'The tolerance deadline must be a date or instant after now',
    );
  const promised = item?.promisedLimit;
  if (promised?.unit === 'WD' && s.calendar) {
    const latest = s.calendar.addWorkingDays(now, promised.value);
    if (deadline > latest)
      throw AppError.invalid(
        'CASE.TOLERANCE_DEADLINE_TOO_LATE',
        `The supply deadline may not exceed the promised limit (${promised.value} working days, ${latest})`,
      );
  }
  const jobId = randomUUID();
  const record: ToleranceRecord = {
    materials: ids.map((id) => ({ id, name: byId.get(id)?.name ?? id })),
    outstanding: ids,
    deadline,
    acceptedAt: now,
    jobId,
    supplies: [],
    clearedAt: null,
    lapsedAt: null,
  };
  s.row.clocks = { ...s.row.clocks, tolerance: record };
  s.row.is_tolerance = true;
  s.scheduleJob({
    id: jobId,
    kind: JOB_KIND_TOLERANCE,
    elementId: null,
    dueAt: new Date(Date.parse(deadline) + 1).toISOString(),
    payload: { caseId: s.row.id },
  });
  await s.timeline({
    type: 'tolerance.accepted',
    elementId,
    opinion,
    data: { toleranceMaterials: record.materials, toleranceDeadline: deadline },
  });
  await s.emit('case.tolerance_accepted', { materials: record.materials, deadline });
}

/** The applicant supplies tolerated materials; when none is missing any more the tolerance is cleared. */
export async function supplyToleranceMaterials(
  s: CaseSession,
  materialIds: string[],
  note: string | null,
): Promise<void> {
  const rec = toleranceOf(s.row.clocks);
  if (!rec) throw AppError.conflict('CASE.NO_TOLERANCE', 'The case was not accepted with tolerance');
  if (TERMINAL.has(s.row.status) || s.row.ended_at || rec.lapsedAt)
    throw AppError.conflict('CASE.ENDED', `The case is ${s.row.status}`);
  if (rec.clearedAt) throw AppError.conflict('CASE.TOLERANCE_CLEARED', 'All tolerated materials were supplied already');
  if (s.now.toISOString() > rec.deadline)
    throw AppError.conflict('CASE.TOLERANCE_DEADLINE_PASSED', `The supply deadline ${rec.deadline} has passed`);
  const unknown = materialIds.filter((id) => !rec.outstanding.includes(id));
  if (unknown.length > 0)
    throw AppError.invalid(
      'CASE.MATERIAL_NOT_OUTSTANDING',
      `Not among the missing materials (${rec.outstanding.join(', ')}): ${unknown.join(', ')}`,
    );
  const outstanding = rec.outstanding.filter((id) => !materialIds.includes(id));
  const next: ToleranceRecord = {
    ...rec,
    outstanding,
    supplies: [...rec.supplies, { at: s.now.toISOString(), by: s.actor.id, materialIds, note }],
    clearedAt: outstanding.length === 0 ? s.now.toISOString() : null,
  };
  s.row.clocks = { ...s.row.clocks, tolerance: next };
  s.row.materials = markProvided(s.row.materials, materialIds);
  await s.timeline({ type: 'tolerance.materials_supplied', opinion: note, data: { materialIds, outstanding } });
  if (outstanding.length > 0) return;
  s.cancelJob(rec.jobId);
  await s.timeline({ type: 'tolerance.cleared', data: { materials: rec.materials } });
  await s.emit('case.tolerance_cleared', { materials: rec.materials });
}

function markProvided(materials: unknown[], ids: string[]): unknown[] {
  const seen = new Set<string>();
  const out = materials.map((m) => {
    const row = m as { materialId?: string };
    if (row.materialId && ids.includes(row.materialId)) {
      seen.add(row.materialId);
      return { ...row, provided: true };
    }
    return m;
  });
  return [...out, ...ids.filter((id) => !seen.has(id)).map((id) => ({ materialId: id, provided: true }))];
}

/**
 * T6 (the deadline job): materials still missing at the deadline end the case — 容缺受理办理事项应当终止:
 * CLOSED_REJECTED (13), process cancelled, clocks stopped, a supervision alert, timeline and webhook.
 */
export async function lapseTolerance(s: CaseSession, jobId: string): Promise<void> {
  const rec = toleranceOf(s.row.clocks);
  if (!rec || rec.jobId !== jobId || rec.clearedAt || rec.lapsedAt || s.row.ended_at || TERMINAL.has(s.row.status))
    return;
  s.row.clocks = { ...s.row.clocks, tolerance: { ...rec, lapsedAt: s.now.toISOString() } };
  const data = { outstanding: rec.outstanding, deadline: rec.deadline, basis: BASIS };
  await s.timeline({ type: 'tolerance.lapsed', opinion: BASIS, data });
  await s.emit('case.tolerance_lapsed', data);
  await s.raiseAlert({
    key: `tolerance-lapsed:${rec.jobId}`,
    level: 'YELLOW',
    triggerCode: 'TOLERANCE_MATERIALS_OVERDUE',
    occurredAt: rec.deadline,
    elementId: null,
    taskId: null,
    department: null,
    escalatedFromKey: null,
    data,
    resolved: false,
  });
  // Terminated: a decided case keeps its decision date, but its status and certificate steps end here.
  s.row.is_tolerance = true;
  await s.setStatus('CLOSED_REJECTED', null, { reason: BASIS, toleranceLapsed: true });
  await s.advance({ type: 'cancel', reason: BASIS });
  const c = clockRecords(s.row.clocks);
  if (!c.events.some((e) => e.action === 'stop')) {
    c.events.push({ action: 'stop', at: s.now.toISOString(), elementId: null, reason: BASIS });
    s.row.clocks = { ...c };
  }
}

/** T6: no certificate before the materials are complete — the certificate steps cannot be completed until then. */
export function requireToleranceCleared(s: CaseSession, step: string | null): void {
  if (!step || !CERTIFICATE_STEPS.has(step)) return;
  const rec = toleranceOf(s.row.clocks);
  if (rec && !rec.clearedAt)
    throw AppError.conflict(
      'CASE.TOLERANCE_MATERIALS_OUTSTANDING',
      `The certificate waits for the tolerated materials: ${rec.outstanding.join(', ')} (due ${rec.deadline})`,
      { outstanding: rec.outstanding, deadline: rec.deadline },
    );
}
