import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/errors/app-error.js';
import { clockRecords } from '../../domain/clock-records.js';
import type { CaseSession } from '../../domain/case-session.js';
import { DECIDED, TERMINAL } from '../../domain/case-status.js';
import { clockAction } from './lifecycle.actions.js';

interface SpecialProcedureDef {
  type: string;
  name?: string;
  countsInLegalLimit?: boolean;
  maxDuration?: { value: number; unit: string };
}

/**
 * 特别程序 (T8/T9): only a procedure the item defines, with its legal basis; the clocks pause while it
 * runs (unless the item says it counts in the legal limit) and resume when it ends.
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
  c.specialProcedures.push({
    id,
    type,
    name: def?.name ?? null,
    reason,
    plannedDays: plannedDays ?? def?.maxDuration?.value ?? null,
    countsInLegalLimit: def?.countsInLegalLimit ?? false,
    startedAt: s.now.toISOString(),
    endedAt: null,
    result: null,
    previousStatus: s.row.status,
  });
  s.row.clocks = { ...c };
  await s.timeline({
    type: 'special_procedure.started',
    opinion: reason,
    data: { procedureId: id, type, plannedDays: plannedDays ?? null },
  });
  await s.setStatus('SPECIAL_PROCEDURE', null, { procedureId: id });
  await clockAction(s, 'pause', `特别程序: ${def?.name ?? type}`);
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
  s.row.clocks = { ...c };
  await s.timeline({ type: 'special_procedure.ended', opinion: result, data: { procedureId, type: proc.type } });
  await s.setStatus(proc.previousStatus === 'SPECIAL_PROCEDURE' ? 'IN_PROCESS' : proc.previousStatus, null, {
    procedureId,
  });
  await clockAction(s, 'resume', `特别程序结束: ${proc.name ?? proc.type}`);
}

/** 延期 (T10): adds working days to the legal clock only, approved by the agency head, before expiry. */
export async function extend(s: CaseSession, days: number, reason: string, approvedBy: string): Promise<void> {
  if (!s.row.accepted_at || DECIDED.has(s.row.status) || TERMINAL.has(s.row.status)) {
    throw AppError.conflict('CASE.NOT_IN_PROCESS', 'Only an accepted, undecided case can be extended');
  }
  if (s.row.legal_due_at && s.row.legal_due_at.getTime() < s.now.getTime()) {
    throw AppError.conflict('CASE.EXTENSION_TOO_LATE', 'An extension must be requested before the legal limit expires');
  }
  const c = clockRecords(s.row.clocks);
  c.extensions.push({ id: randomUUID(), days, reason, approvedBy, requestedAt: s.now.toISOString() });
  s.row.clocks = { ...c };
  await s.timeline({ type: 'extension.granted', opinion: reason, data: { days, approvedBy } });
}
