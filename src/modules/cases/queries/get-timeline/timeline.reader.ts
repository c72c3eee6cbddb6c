import { CASE_STATUSES } from '../../domain/case-status.js';
import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { type Page, PageQueryDto, assertOneWay } from '../../../../shared/http/pagination.js';

/** Timelines are short (a nine-step case has a few dozen entries), so a page holds more than elsewhere. */
export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 500, description: 'Entries per page (oldest first)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  declare limit?: number;
}

export class TimelineActorDto {
  @ApiPropertyOptional({ type: String, nullable: true }) id: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '张三' }) name: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '410100-SJJ' }) department: string | null;
}

/** One timeline entry (办件过程信息: BLR/BLCS/BLZT/BLYJ/BLSJ). Field names are part of the contract. */
export class TimelineEntryView {
  @ApiProperty({ example: 3 }) seq: number;
  @ApiProperty({ example: 'task.completed' }) type: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'review' }) elementId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '审查' }) name: string | null;
  @ApiProperty({ type: TimelineActorDto }) actor: TimelineActorDto;
  @ApiPropertyOptional({ type: String, enum: CASE_STATUSES, nullable: true, example: 'IN_PROCESS' })
  statusAfter: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 8 }) statusCodeAfter: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '同意' }) opinion: string | null;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ enum: ['UI', 'DEPT_PUSH', 'SYSTEM', 'IMPORT'] }) source: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) data: Record<
    string,
    unknown
  > | null;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineEntryView] }) items: TimelineEntryView[];
  @ApiProperty({ example: 27, description: 'Entries in the whole timeline' }) total: number;
  @ApiPropertyOptional({ description: 'Cursor of the next page; absent on the last page' }) nextCursor?: string;
}

interface EventRow {
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
  occurred_at: Date;
  source: string;
  data: Record<string, unknown> | null;
}

@Injectable()
export class TimelineReader {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * One page in sequence order. The cursor is the last sequence number seen (keyset, so a page costs the
   * same deep in a long timeline); `offset` counts entries instead.
   */
  async read(caseId: string, q: TimelineQueryDto = {}): Promise<Page<TimelineEntryView>> {
    assertOneWay(q);
    const limit = q.limit ?? 500;
    const after = q.cursor === undefined ? 0 : decodeSeqCursor(q.cursor);
    const [rows, [count]] = await Promise.all([
      this.uow.query<EventRow>(
        'SELECT * FROM case_event WHERE case_id = $1 AND seq > $2 ORDER BY seq LIMIT $3 OFFSET $4',
        [caseId, after, limit + 1, q.offset ?? 0],
      ),
      this.uow.query<{ n: number }>('SELECT count(*)::int AS n FROM case_event WHERE case_id = $1', [caseId]),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toEntry),
      total: count?.n ?? 0,
      ...(rows.length > limit && last ? { nextCursor: Buffer.from(`t:${last.seq}`).toString('base64url') } : {}),
    };
  }
}

function decodeSeqCursor(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^t:\d{1,9}$/.test(raw)) throw AppError.badRequest('HTTP.INVALID_CURSOR', 'The cursor is not valid');
  return Number(raw.slice(2));
}

function toEntry(r: EventRow): TimelineEntryView {
  return {
    seq: r.seq,
    type: r.type,
    elementId: r.element_id,
    name: r.name,
    actor: { id: r.actor_id, name: r.actor_name, department: r.actor_department },
    statusAfter: r.status_after,
    statusCodeAfter: r.status_code_after,
    opinion: r.opinion,
    occurredAt: r.occurred_at.toISOString(),
    source: r.source,
    data: r.data,
  };
}
