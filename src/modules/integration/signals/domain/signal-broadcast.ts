/** A broadcast as stored (signal_broadcast) and as the API shows it (ADR 0020). */
export interface BroadcastRow {
  id: string;
  name: string;
  variables: Record<string, unknown>;
  source: 'api' | 'case';
  source_case_id: string | null;
  source_element_id: string | null;
  sender_id: string;
  sender_name: string;
  sender_department: string | null;
  department_scope: string | null;
  region_code: string | null;
  cases: number | null;
  subscriptions: number | null;
  start_events: number | null;
  created_at: Date;
  fanned_out_at: Date | null;
}

/** What one fan-out found: the cases with subscriptions (one delivery job each) and the start events. */
export interface FanOutResult {
  cases: number;
  subscriptions: number;
  startEvents: number;
}

export const JOB_KIND_SIGNAL_DELIVER = 'signal.deliver';
export const JOB_KIND_SIGNAL_START = 'signal.start';

/** A signal start event of the latest version of a process: a broadcast starts one case there. */
export interface SignalStart {
  definitionId: string;
  startEventId: string;
}
