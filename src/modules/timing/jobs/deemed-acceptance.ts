import { clockRecords } from '../../cases/domain/clock-records.js';
import type { CaseSession } from '../../cases/domain/case-session.js';
import type { StoredTiming } from '../domain/plan-time-limits.js';
import type { JobRow } from './job-store.js';

const RULE = '行政许可法第三十二条：逾期不告知（补正）的，自收到申请材料之日起即为受理';

/**
 * 行政许可法 Art.32: no acceptance decision and no correction notice within 5 working days of receipt means
 * the application counts as accepted on the day it was received. The case moves to ACCEPTED with
 * accepted_at = the receipt, and the clocks run from then. The window's acceptance task stays open for the
 * acceptance notice (受理通知书) and the dispatch, but only to accept: a correction notice, not-accepted or
 * refusal are answered 409 CASE.DEEMED_ACCEPTED (acceptance-rules).
 */
export async function deemAcceptance(s: CaseSession, job: JobRow): Promise<void> {
  const rec = clockRecords(s.row.clocks) as StoredTiming;
  if (s.row.accepted_at || s.row.ended_at || rec.correctionNoticeAt || rec.deemedAcceptedAt) return;
  if (s.row.status !== 'RECEIVED') return;
  const receivedAt = s.row.received_at.toISOString();
  // rec.acceptanceJob stays set: it marks the check as done, so the save hook never schedules it again.
  s.row.clocks = { ...rec, deemedAcceptedAt: receivedAt };
  s.row.accepted_at = s.row.received_at;
  await s.timeline({ type: 'acceptance.deemed', data: { receivedAt, jobId: job.id, rule: RULE } });
  await s.emit('case.deemed_accepted', { receivedAt, rule: RULE });
  await s.setStatus('ACCEPTED', null, { deemedAcceptance: true, rule: RULE });
}
