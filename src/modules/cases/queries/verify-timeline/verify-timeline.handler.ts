import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { type ChainedEntry, instant, verifyChain } from '../../domain/timeline-chain.js';
import type { TimelineAuditView } from './timeline-audit.view.js';
import { VerifyTimelineQuery } from './verify-timeline.query.js';

interface ChainRow {
  case_id: string;
  seq: number;
  type: string;
  element_id: string | null;
  name: string | null;
  actor_id: string | null;
  actor_name: string | null;
  actor_department: string | null;
  status_after: string | null;
  status_code_after: number | null;
  opinion: string | null;
  source: string;
  data: string | null;
  idempotency_key: string | null;
  occurred_us: string;
  recorded_us: string;
  prev_hash: Buffer;
  hash: Buffer;
}

// Raw column values only: jsonb as its text form, instants as epoch microseconds (formatted here).
const ENTRIES_SQL = `
  SELECT case_id::text AS case_id, seq, type, element_id, name, actor_id, actor_name, actor_department,
         status_after, status_code_after, opinion, source, data::text AS data, idempotency_key,
         (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS occurred_us,
         (extract(epoch FROM recorded_at) * 1000000)::bigint::text AS recorded_us,
         prev_hash, hash
    FROM case_event WHERE case_id = $1 ORDER BY seq`;

/** Recomputes a case's timeline hash chain in the application and reports the first break. */
@QueryHandler(VerifyTimelineQuery)
export class VerifyTimelineHandler implements IQueryHandler<VerifyTimelineQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ caseId }: VerifyTimelineQuery): Promise<TimelineAuditView> {
    // The case's counter first: entries committed after it was read can only add, never look missing.
    const [c] = await this.uow.query<{ event_seq: number }>('SELECT event_seq FROM approval_case WHERE id = $1', [
      caseId,
    ]);
    if (!c) throw AppError.notFound('CASE.NOT_FOUND', `No case ${caseId}`);
    const rows = await this.uow.query<ChainRow>(ENTRIES_SQL, [caseId]);
    const verdict = verifyChain(rows.map(toEntry), c.event_seq);
    return { caseId, ...verdict, algorithm: 'tongban.case_event.v1' };
  }
}

function toEntry(r: ChainRow): ChainedEntry {
  return {
    caseId: r.case_id,
    seq: r.seq,
    type: r.type,
    elementId: r.element_id,
    name: r.name,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorDepartment: r.actor_department,
    statusAfter: r.status_after,
    statusCodeAfter: r.status_code_after,
    opinion: r.opinion,
    source: r.source,
    data: r.data,
    idempotencyKey: r.idempotency_key,
    occurredAt: instant(BigInt(r.occurred_us)),
    recordedAt: instant(BigInt(r.recorded_us)),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
