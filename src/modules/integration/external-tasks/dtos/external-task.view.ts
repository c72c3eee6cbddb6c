import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The work_item columns an external task uses. */
export interface ExternalTaskRow {
  id: string;
  case_id: string;
  case_no: string;
  element_id: string;
  name: string | null;
  state: string;
  topic: string | null;
  worker_id: string | null;
  lock_expires_at: Date | null;
  retries: number | null;
  error_message: string | null;
  candidate_departments: string[];
  created_at: Date;
  completed_at: Date | null;
}

/** A locked task as a worker receives it (Camunda's LockedExternalTaskDto, our field names). */
export class LockedExternalTaskDto {
  @ApiProperty({ format: 'uuid', example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10' }) id: string;
  @ApiProperty({ example: 'drawing-review' }) topicName: string;
  @ApiProperty({ example: 'zrzy-worker-1' }) workerId: string;
  @ApiProperty({ example: '2026-11-28T10:05:00.000Z' }) lockExpirationTime: string;
  @ApiProperty({ format: 'uuid', example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10' }) caseId: string;
  @ApiProperty({ example: '41010020261128000000001' }) caseNo: string;
  @ApiPropertyOptional({ nullable: true, example: 'SQ-2026-000123' }) businessKey: string | null;
  @ApiProperty({ example: 'review-drawings' }) elementId: string;
  @ApiPropertyOptional({ nullable: true, example: '施工图审查' }) name: string | null;
  @ApiProperty({ example: '410100-ZRZY', description: 'The handling department of the case' }) department: string;
  @ApiPropertyOptional({ nullable: true, example: 2, description: 'Retries left after a failure' })
  retries: number | null;
  @ApiPropertyOptional({ nullable: true, example: 'drawing server timed out' }) errorMessage: string | null;
  @ApiProperty({ example: { applicationNo: 'JZ-2026-0042' }, description: 'The case variables' })
  variables: Record<string, unknown>;
  @ApiProperty({ example: '2026-11-28T02:21:11.120Z' }) createdAt: string;
}

export class ExternalTaskStateDto {
  @ApiProperty({ format: 'uuid', example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10' }) id: string;
  @ApiProperty({ enum: ['open', 'completed', 'cancelled'], example: 'completed' }) state: string;
  @ApiPropertyOptional({ nullable: true, example: 'zrzy-worker-1' }) workerId: string | null;
  @ApiPropertyOptional({ nullable: true, example: '2026-11-28T10:05:00.000Z' }) lockExpirationTime: string | null;
  @ApiPropertyOptional({ nullable: true, example: 2 }) retries: number | null;
  @ApiPropertyOptional({ nullable: true, example: 'drawing server timed out' }) errorMessage: string | null;

  static from(r: ExternalTaskRow): ExternalTaskStateDto {
    return {
      id: r.id,
      state: r.state,
      workerId: r.worker_id,
      lockExpirationTime: r.lock_expires_at?.toISOString() ?? null,
      retries: r.retries,
      errorMessage: r.error_message,
    };
  }
}
