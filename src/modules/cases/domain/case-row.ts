import type { EngineState } from '../../../engine/index.js';

/** The approval_case row as commands read it (snake_case straight from SQL). */
export interface CaseRow {
  id: string;
  case_no: string;
  query_code: string;
  region_code: string;
  department: string;
  item_code: string | null;
  item_name: string | null;
  item_version: number | null;
  process_definition_id: string;
  process_key: string;
  process_version: number;
  business_key: string | null;
  status: string;
  status_code: number;
  result_phase: string | null;
  handling_type: string | null;
  is_tolerance: boolean;
  channel: string;
  applicant: Record<string, unknown>;
  agent: Record<string, unknown> | null;
  materials: unknown[];
  engine_state: EngineState;
  clocks: Record<string, unknown>;
  time_state: string;
  legal_due_at: Date | null;
  promised_due_at: Date | null;
  received_at: Date;
  accepted_at: Date | null;
  decision_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
  version: number;
  /** The last timeline sequence number written for this case. */
  event_seq: number;
  /** A child case started by a call activity: its parent and the engine's call id. */
  parent_case_id: string | null;
  parent_call_id: string | null;
}

/** Who did it, as it lands in the timeline (BLR 办理人 / BLCS 办理处室). */
export interface Actor {
  id: string;
  name: string;
  department: string | null;
}

export type EventSource = 'UI' | 'DEPT_PUSH' | 'SYSTEM' | 'IMPORT';

export interface TimelineEntry {
  type: string;
  elementId?: string | null;
  name?: string | null;
  opinion?: string | null;
  data?: Record<string, unknown> | null;
  idempotencyKey?: string | null;
}

export function actorOf(p: { id: string; name: string; dept: string | null }): Actor {
  return { id: p.id, name: p.name, department: p.dept };
}
