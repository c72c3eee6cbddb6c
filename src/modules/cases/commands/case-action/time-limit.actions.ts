import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors/app-error.js';
import { clockRecords } from '../../domain/clock-records.js';
import type { CaseSession } from '../../domain/case-session.js';
import { DECIDED, TERMINAL } from '../../domain/case-status.js';
import { baseStatus, closePause, openPause, statusAfterPauses } from './pause.actions.js';

interface SpecialProcedureDef {
  type: string;
  name?: string;
  countsInLegalLimit?: boolean;
  maxDuration?: { value: number; unit: string };
}

/**
 * 特别程序 (T8/T9, 行政许可法 Art.45): only a procedure the item defines, with its legal basis. It is a
 * pause of both clocks and the node clocks, unless the item counts it in the legal limit, in which case
 * it pauses neither (ADR 0015). On a suspended case it runs inside the suspension: the case stays
 * SUSPENDED and the clocks stay paused until both are over.
 */
export async function startSpecialProcedure(
  s: CaseSession,
  type: string,
  reason: string,
  plannedDays: number | undefined,
  defs: SpecialProcedureDef[] | null,
): Promise<string> {
  if (TERMINAL.has(s.row.status) || DECIDED.has(s.row.status) || s.row.ended_at) {
    throw AppError.conflict('CASE.NOT_IN_PROCESS', `A ${s.row.status} case cannot start a special procedure`);
  }
  const c = clockRecords(s.row.clocks);
  if (c.specialProcedures.some((p) => p.endedAt === null)) {
    throw AppError.conflict('CASE.SPECIAL_PROCEDURE_RUNNING', 'A special procedure is already running');
  }
  const def = defs?.find((d) => d.type === type);
  if (defs && !def) {
    throw AppError.invalid(
      'CASE.SPECIAL_PROCEDURE_NOT_DEFINED',
      `The item defines no special procedure ${type}: ${defs.map((d) => d.type).join(', ') || 'none'}`,
    );
  }
  const id = randomUUID();
  const base = baseStatus(s, c);
  const countsInLegalLimit = def?.countsInLegalLimit ?? false;
  c.specialProcedures.push({
    id,
    type,
    name: def?.name ?? null,
    reason,
    plannedDays: plannedDays ?? def?.maxDuration?.value ?? null,
    countsInLegalLimit,
    startedAt: s.now.toISOString(),
    endedAt: null,
    result: null,
    previousStatus: base,
  });
  c.suspendedFrom = base;
  await s.timeline({
    type: 'special_procedure.started',
    opinion: reason,
    data: { procedureId: id, type, plannedDays: plannedDays ?? null, countsInLegalLimit },
  });
  const applies = !countsInLegalLimit;
  await openPause(s, c, {
    cause: 'SPECIAL_PROCEDURE',
    ref: id,
    reason: `特别程序: ${def?.name ?? type}`,
    legal: applies,
    promised: applies,
  });
  await s.setStatus(statusAfterPauses(c, base), null, { procedureId: id });
  return id;
}

export async function endSpecialProcedure(s: CaseSession, procedureId: string, result: string): Promise<void> {
  const c = clockRecords(s.row.clocks);
  const proc = c.specialProcedures.find((p) => p.id === procedureId);
  if (!proc)
    throw AppError.notFound('CASE.SPECIAL_PROCEDURE_NOT_FOUND', `No special procedure ${procedureId} on this case`);
  if (proc.endedAt) throw AppError.conflict('CASE.SPECIAL_PROCEDURE_ENDED', 'This special procedure has already ended');
  proc.endedAt = s.now.toISOString();
  proc.result = result;
  await s.timeline({ type: 'special_procedure.ended', opinion: result, data: { procedureId, type: proc.type } });
  const pause = c.pauses.find((p) => p.ref === procedureId && p.to === null);
  if (pause) await closePause(s, c, pause, `特别程序结束: ${proc.name ?? proc.type}`);
  else {
    // Started by an earlier version, which paused through a clock event.
    c.events.push({ action: 'resume', at: s.now.toISOString(), elementId: null });
    await s.timeline({ type: 'clock.resume', opinion: `特别程序结束: ${proc.name ?? proc.type}` });
  }
  const base = proc.previousStatus === 'SPECIAL_PROCEDURE' ? 'IN_PROCESS' : proc.previousStatus;
  const next = statusAfterPauses(c, base);
  if (next === base) c.suspendedFrom = null;
  s.row.clocks = { ...c };
  await s.setStatus(next, null, { procedureId });
}
