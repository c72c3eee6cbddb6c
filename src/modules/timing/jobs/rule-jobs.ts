import type { CaseSession } from '../../cases/domain/case-session.js';
import {
  JOB_KIND_COMMITMENT_VERIFICATION,
  JOB_KIND_IMMEDIATE_SAME_DAY,
  verificationOverdue,
} from '../../cases/domain/on-the-spot.js';
import { JOB_KIND_TOLERANCE, lapseTolerance } from '../../cases/domain/tolerance.js';
import { sameDayMissed } from '../../cases/domain/immediate-supervision.js';
import type { JobRow } from './job-store.js';

/** Deadlines of the approval rules (docs/rules.md), each run as a case command by the job runner. */
export const RULE_JOB_KINDS: string[] = [
  JOB_KIND_TOLERANCE,
  JOB_KIND_COMMITMENT_VERIFICATION,
  JOB_KIND_IMMEDIATE_SAME_DAY,
];

export async function runRuleJob(s: CaseSession, job: JobRow): Promise<void> {
  if (job.kind === JOB_KIND_TOLERANCE) await lapseTolerance(s, job.id);
  else if (job.kind === JOB_KIND_COMMITMENT_VERIFICATION) await verificationOverdue(s, job.id);
  else if (job.kind === JOB_KIND_IMMEDIATE_SAME_DAY) await sameDayMissed(s, job.id);
}
