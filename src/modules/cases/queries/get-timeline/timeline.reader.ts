import { CASE_STATUSES } from '../../domain/case-status.js';
import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';

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

  async read(caseId: string): Promise<TimelineEntryView[]> {
    const rows = await this.uow.query<EventRow>('SELECT * FROM case_event WHERE case_id = $1 ORDER BY seq', [caseId]);
    return rows.map((r) => ({
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
    }));
  }
}
