import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsRealDateTime } from '../../../shared/http/dates.js';
import { PageQueryDto } from '../../../shared/http/pagination.js';
import type { JobRow } from '../jobs/job-store.js';

export class SetClockRequestDto {
  @ApiProperty({ example: '2026-02-24T09:00:00+08:00', description: 'Moves forward only' })
  @IsRealDateTime({ allowDate: true })
  now: string;
}

export class ClockView {
  @ApiProperty({ example: '2026-02-24T01:00:00.000Z' }) now: string;
  @ApiProperty({ example: 3, description: 'Jobs that became due and ran before this answer' }) jobsRun: number;
  @ApiProperty({
    example: 0,
    description:
      'Jobs due at the new instant that are still leased by another node (not done yet): 0 means every ' +
      'due job is done. A dead node holds its jobs until their lease expires (60 s), then they run.',
  })
  stillLeased: number;
}

export const JOB_STATES = ['scheduled', 'running', 'done', 'failed', 'cancelled'] as const;

export class ListJobsRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATES }) @IsOptional() @IsIn(JOB_STATES) state?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ example: 'timer' })
  @IsOptional()
  @IsIn(['timer', 'deadline', 'acceptance', 'timerStart'])
  kind?: string;
}

export class JobView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) caseId: string | null;
  @ApiProperty({ example: 'timer', description: 'timer | deadline | acceptance | timerStart' }) kind: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'remind' }) elementId: string | null;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: JOB_STATES }) state: string;
  @ApiProperty({ example: 5 }) attempts: number;
  @ApiProperty({ example: 5 }) maxAttempts: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lockedBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) doneAt: string | null;

  static from(r: JobRow): JobView {
    return {
      id: r.id,
      caseId: r.case_id,
      kind: r.kind,
      elementId: r.element_id,
      dueAt: r.due_at.toISOString(),
      state: r.state,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      lastError: r.last_error,
      lockedBy: r.locked_by,
      createdAt: r.created_at.toISOString(),
      doneAt: r.done_at?.toISOString() ?? null,
    };
  }
}

export class JobPageDto {
  @ApiProperty({ type: [JobView] }) items: JobView[];
  @ApiPropertyOptional() total?: number;
  @ApiPropertyOptional() nextCursor?: string;
}
