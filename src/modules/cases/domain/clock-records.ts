/**
 * The raw material of the time limits, kept on the case (approval_case.clocks): clock events from
 * the process (tb:clock) and from case actions, special procedures and extensions. Due dates are
 * derived from these (timing module), never stored alone.
 */
export interface ClockEvent {
  action: 'start' | 'pause' | 'resume' | 'stop';
  at: string;
  elementId: string | null;
  reason?: string;
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

export interface ExtensionRecord {
  id: string;
  days: number;
  reason: string;
  approvedBy: string;
  requestedAt: string;
}

export interface ClockRecords {
  events: ClockEvent[];
  specialProcedures: SpecialProcedureRecord[];
  extensions: ExtensionRecord[];
  suspendedFrom?: string | null;
  [key: string]: unknown;
}

export function clockRecords(raw: Record<string, unknown>): ClockRecords {
  return {
    ...raw,
    events: Array.isArray(raw.events) ? (raw.events as ClockEvent[]) : [],
    specialProcedures: Array.isArray(raw.specialProcedures) ? (raw.specialProcedures as SpecialProcedureRecord[]) : [],
    extensions: Array.isArray(raw.extensions) ? (raw.extensions as ExtensionRecord[]) : [],
  };
}
