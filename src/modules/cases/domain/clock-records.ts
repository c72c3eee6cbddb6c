/**
 * The raw material of the time limits, kept on the case (approval_case.clocks): clock events from
 * the process (tb:clock), pauses with their causes, special procedures and extension requests. Due
 * dates are derived from these (timing module), never stored alone.
 */
export interface ClockEvent {
  action: 'start' | 'pause' | 'resume' | 'stop';
  at: string;
  elementId: string | null;
  reason?: string;
}

/**
 * Why a case's clocks stand still (ADR 0015). Pauses overlap freely: a clock is paused while any pause
 * that applies to it is open, so a procedure inside a suspension does not restart it.
 */
export type PauseCause = 'SUSPENSION' | 'SPECIAL_PROCEDURE' | 'CORRECTION' | 'PROCESS';

export interface PauseRecord {
  id: string;
  cause: PauseCause;
  from: string;
  to: string | null;
  /** Which clocks stand still; a procedure counted in the legal limit pauses neither. */
  legal: boolean;
  promised: boolean;
  /** The special procedure, correction or element behind it. */
  ref: string | null;
  reason: string | null;
}

export interface SpecialProcedureRecord {
  id: string;
  type: string;
  name: string | null;
  reason: string;
  plannedDays: number | null;
  countsInLegalLimit: boolean;
  startedAt: string;
  endedAt: string | null;
  result: string | null;
  previousStatus: string;
}

export type ExtensionStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** 延期 (Art.42): requested by the handler, approved or rejected by the item's approver role. */
export interface ExtensionRecord {
  id: string;
  days: number;
  reason: string;
  /** Absent on records written before the two-step flow: those were granted at once. */
  status?: ExtensionStatus;
  requestedBy?: string;
  requestedAt: string;
  approvedBy: string | null;
  decidedAt?: string | null;
  opinion?: string | null;
  /** When the applicant was told of the extension and its reason (Art.42). */
  applicantNotifiedAt?: string | null;
  applicantNotice?: string | null;
}

export interface ClockRecords {
  events: ClockEvent[];
  pauses: PauseRecord[];
  specialProcedures: SpecialProcedureRecord[];
  extensions: ExtensionRecord[];
  /** The status a case returns to when its last pause closes. */
  suspendedFrom?: string | null;
  [key: string]: unknown;
}

export function clockRecords(raw: Record<string, unknown>): ClockRecords {
  return {
    ...raw,
    events: Array.isArray(raw.events) ? (raw.events as ClockEvent[]) : [],
    pauses: Array.isArray(raw.pauses) ? (raw.pauses as PauseRecord[]) : [],
    specialProcedures: Array.isArray(raw.specialProcedures) ? (raw.specialProcedures as SpecialProcedureRecord[]) : [],
    extensions: Array.isArray(raw.extensions) ? (raw.extensions as ExtensionRecord[]) : [],
  };
}

/** The pauses still open (of one cause, when given). */
export function openPauses(c: Pick<ClockRecords, 'pauses'>, cause?: PauseCause): PauseRecord[] {
  return c.pauses.filter((p) => p.to === null && (cause === undefined || p.cause === cause));
}

/** Extensions that count: approved ones (and the single-step grants of earlier versions). */
export function grantedExtensions(c: Pick<ClockRecords, 'extensions'>): ExtensionRecord[] {
  return c.extensions.filter((e) => e.status === undefined || e.status === 'APPROVED');
}
