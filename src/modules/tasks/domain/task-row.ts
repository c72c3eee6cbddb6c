export interface TaskRow {
  id: string;
  case_id: string;
  case_no: string;
  kind: 'user' | 'external';
  element_id: string;
  name: string | null;
  step: string | null;
  state: 'open' | 'completed' | 'cancelled';
  assignee: string | null;
  owner: string | null;
  candidate_departments: string[];
  candidate_roles: string[];
  candidate_users: string[];
  outcomes: string[];
  outcome: string | null;
  opinion: string | null;
  silence_consent: boolean;
  multi_instance: { index: number; elementVariable: string | null; element: unknown } | null;
  joint_opinions: unknown[] | null;
  topic: string | null;
  worker_id: string | null;
  lock_expires_at: Date | null;
  retries: number | null;
  error_message: string | null;
  due_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  /** 加签: on an added signer's item the task it signs; on a signed item its held-by and queued signers. */
  sign?: TaskSign | null;
  /** The user a standing proxy (代理) holds this task for; null when held in one's own name. */
  on_behalf_of: string | null;
  seq: string;
}

export interface TaskSign {
  of?: string;
  mode?: 'before' | 'after' | 'parallel';
  heldBy?: string[];
  after?: { assignee: string; department: string | null }[];
}
