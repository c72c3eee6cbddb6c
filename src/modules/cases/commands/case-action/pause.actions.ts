import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors/app-error.js';
import type { CaseSession } from '../../domain/case-session.js';
import {
  type ClockRecords,
  clockRecords,
  openPauses,
  type PauseCause,
  type PauseRecord,
} from '../../domain/clock-records.js';
import { DECIDED, TERMINAL } from '../../domain/case-status.js';

/**
 * Pauses (ADR 0015): each suspension, special procedure or correction during review is an interval with
 * a cause. They may overlap; a clock stands still while any pause that applies to it is open. The case
 * status shows the outermost one: SUSPENDED while a suspension is open, else SPECIAL_PROCEDURE while a
 * procedure is, else the status the case had before its first pause.
 */
export async function openPause(
  s: CaseSession,
  c: ClockRecords,
  p: { cause: PauseCause; ref: string | null; reason: string; legal: boolean; promised: boolean },
): Promise<PauseRecord> {
  const pause: PauseRecord = { id: randomUUID(), from: s.now.toISOString(), to: null, ...p };
  c.pauses.push(pause);
  s.row.clocks = { ...c };
  const data = { pauseId: pause.id, cause: p.cause, ref: p.ref, legal: p.legal, promised: p.promised };
  await s.timeline({ type: 'clock.pause', opinion: p.reason, data });
  await s.emit('case.clock_paused', data);
  return pause;
}

export async function closePause(s: CaseSession, c: ClockRecords, pause: PauseRecord, reason: string | null) {
  pause.to = s.now.toISOString();
  s.row.clocks = { ...c };
  const data = { pauseId: pause.id, cause: pause.cause, ref: pause.ref };
  await s.timeline({ type: 'clock.resume', opinion: reason, data });
  await s.emit('case.clock_resumed', data);
}

/** The status the case shows once its pauses changed. */
export function statusAfterPauses(c: ClockRecords, base: string): string {
  if (openPauses(c, 'SUSPENSION').length) return 'SUSPENDED';
  if (c.specialProcedures.some((p) => p.endedAt === null)) return 'SPECIAL_PROCEDURE';
  if (openPauses(c, 'CORRECTION').length) return 'CORRECTION_REQUESTED';
  return base;
}

/** The status to come back to: the one before the first pause (kept in `suspendedFrom`). */
export function baseStatus(s: CaseSession, c: ClockRecords): string {
  const paused =
    s.row.status === 'SUSPENDED' ||
    c.specialProcedures.some((p) => p.endedAt === null) ||
    openPauses(c, 'CORRECTION').length > 0;
  return paused ? (c.suspendedFrom ?? 'IN_PROCESS') : s.row.status;
}

function requireRunning(s: CaseSession): void {
  if (TERMINAL.has(s.row.status) || s.row.ended_at) {
    throw AppError.conflict('CASE.ENDED', `The case is ${s.row.status}`, { caseStatus: s.row.status });
  }
}

/** 中止/挂起 (T16): pauses both clocks and every node clock; tasks stay open but wait. */
export async function suspend(s: CaseSession, reason: string): Promise<void> {
  requireRunning(s);
  if (s.row.status === 'SUSPENDED') throw AppError.conflict('CASE.ALREADY_SUSPENDED', 'The case is already suspended');
  if (DECIDED.has(s.row.status)) throw AppError.conflict('CASE.DECIDED', 'A decided case cannot be suspended');
  const c = clockRecords(s.row.clocks);
  c.suspendedFrom = baseStatus(s, c);
  await openPause(s, c, { cause: 'SUSPENSION', ref: null, reason, legal: true, promised: true });
  await s.setStatus('SUSPENDED', null, { reason });
}

export async function resume(s: CaseSession, reason: string | null): Promise<void> {
  if (s.row.status !== 'SUSPENDED') throw AppError.conflict('CASE.NOT_SUSPENDED', 'The case is not suspended');
  const c = clockRecords(s.row.clocks);
  const open = openPauses(c, 'SUSPENSION');
  for (const p of open) await closePause(s, c, p, reason);
  if (!open.length) {
    // Suspended by an earlier version, which paused through a clock event.
    c.events.push({ action: 'resume', at: s.now.toISOString(), elementId: null, ...(reason ? { reason } : {}) });
    await s.timeline({ type: 'clock.resume', opinion: reason });
  }
  const back = statusAfterPauses(c, c.suspendedFrom ?? 'IN_PROCESS');
  if (back !== 'SPECIAL_PROCEDURE') c.suspendedFrom = null;
  s.row.clocks = { ...c };
  await s.setStatus(back, null, { reason });
}

/**
 * 过程补正 (domain §3.2): during review the handler asks the applicant for corrected or further
 * materials; the waiting time is a CORRECTION pause of both clocks unless the item says
 * `correctionPausesClock: false`. Status 6, then 7 and back to 8 when the materials come in.
 */
export async function requestCorrection(
  s: CaseSession,
  reason: string,
  materials: string[],
  pausesClock: boolean,
): Promise<string> {
  requireRunning(s);
  if (s.row.status !== 'IN_PROCESS' || !s.row.accepted_at)
    throw AppError.conflict('CASE.NOT_IN_PROCESS', `A ${s.row.status} case cannot ask for a correction during review`);
  const c = clockRecords(s.row.clocks);
  if (openPauses(c, 'CORRECTION').length)
    throw AppError.conflict('CASE.CORRECTION_OPEN', 'A correction notice is already waiting for the applicant');
  c.suspendedFrom = s.row.status;
  const id = randomUUID();
  await s.timeline({ type: 'correction.requested', opinion: reason, data: { correctionId: id, materials } });
  await openPause(s, c, { cause: 'CORRECTION', ref: id, reason, legal: pausesClock, promised: pausesClock });
  await s.setStatus('CORRECTION_REQUESTED', null, { correctionId: id });
  return id;
}

export async function submitCorrection(s: CaseSession, correctionId: string, note: string | null): Promise<void> {
  requireRunning(s);
  const c = clockRecords(s.row.clocks);
  const pause = c.pauses.find((p) => p.cause === 'CORRECTION' && p.ref === correctionId);
  if (!pause) throw AppError.notFound('CASE.CORRECTION_NOT_FOUND', `No correction ${correctionId} on this case`);
  if (pause.to !== null) throw AppError.conflict('CASE.CORRECTION_SUBMITTED', 'This correction is already submitted');
  await s.timeline({ type: 'correction.submitted', opinion: note, data: { correctionId } });
  await closePause(s, c, pause, note);
  const back = statusAfterPauses(c, c.suspendedFrom ?? 'IN_PROCESS');
  if (back === (c.suspendedFrom ?? 'IN_PROCESS')) c.suspendedFrom = null;
  s.row.clocks = { ...c };
  if (s.row.status === 'CORRECTION_REQUESTED') await s.setStatus('CORRECTION_SUBMITTED', null, { correctionId });
  await s.setStatus(back, null, { correctionId });
}
