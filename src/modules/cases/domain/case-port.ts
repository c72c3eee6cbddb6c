import type { Effect } from '../../../engine/index.js';
import type { Tx } from '../../../shared/db/tx.js';
import type { CaseChangeSet } from './change-set.js';
import type { CaseSession } from './case-session.js';
import type { CaseRow } from './case-row.js';
import type { TaskRow } from '../../tasks/domain/task-row.js';

/** A locked case with the work items a command may touch: the open ones, and the one it names. */
export interface LockedCase {
  row: CaseRow;
  items: TaskRow[];
}

export type CaseLockTarget = { caseId: string } | { taskId: string; kind?: 'user' | 'external' };

/** The command's transaction as the cases domain sees it: change sets are staged, written at commit. */
export interface CaseTx extends Tx {
  /** Locks the case row (FOR UPDATE) and reads its open work items (and the named one), in one round trip. */
  lock(target: CaseLockTarget): Promise<LockedCase | null>;
  stage(changes: CaseChangeSet): void;
  /** Writes what is staged now (one round trip), for a step that must read its own writes. */
  flush(): Promise<void>;
}

/**
 * A module that must do I/O after a step's effects are recorded (buffered messages meeting a new
 * subscription, say) plugs in here; the cases module never imports it, so dependencies point one way.
 */
export interface CaseEffectHandler {
  afterEffects(s: CaseSession, effects: readonly Effect[]): Promise<void>;
}
