import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

class WorkerDto {
  @ApiProperty({ example: 'zrzy-worker-1', description: 'The worker that holds the lock' })
  @IsString()
  @Length(1, 200)
  workerId: string;
}

export class CompleteExternalTaskRequestDto extends WorkerDto {
  @ApiPropertyOptional({ example: { drawingReviewPassed: true, reviewReportNo: '郑审图〔2026〕118号' } })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;
}

export class ExternalTaskFailureRequestDto extends WorkerDto {
  @ApiProperty({ example: 'drawing server timed out' }) @IsString() @Length(1, 2000) errorMessage: string;

  @ApiPropertyOptional({ example: 'java.net.SocketTimeoutException at …', description: 'Kept in the timeline' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  errorDetails?: string;

  @ApiProperty({ example: 2, description: 'Retries left; 0 raises an incident on the case' })
  @IsInt()
  @Min(0)
  @Max(1000)
  retries: number;

  @ApiProperty({ example: 30_000, description: 'The task is handed out again after this long' })
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3_600_000)
  retryTimeoutMs: number;
}

export class ExternalTaskBpmnErrorRequestDto extends WorkerDto {
  @ApiProperty({ example: 'DRAWINGS_REJECTED', description: 'Caught by an error boundary event or event subprocess' })
  @IsString()
  @Length(1, 200)
  @Matches(/^\S+$/)
  errorCode: string;

  @ApiPropertyOptional({ example: '消防设计不符合规范' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  errorMessage?: string;

  @ApiPropertyOptional({ example: { rejectionReason: '消防设计不符合规范' } })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;
}

export class ExtendLockRequestDto extends WorkerDto {
  @ApiProperty({ example: 60_000, description: 'The lock now ends this long from now' })
  @IsInt()
  @Min(100)
  @Max(7 * 24 * 3_600_000)
  newDurationMs: number;
}

export type ExternalTaskAction =
  | { kind: 'complete'; body: CompleteExternalTaskRequestDto }
  | { kind: 'failure'; body: ExternalTaskFailureRequestDto }
  | { kind: 'bpmn-error'; body: ExternalTaskBpmnErrorRequestDto }
  | { kind: 'extend-lock'; body: ExtendLockRequestDto }
  // Camunda's unlock: any caller of the task's department may free it, whoever holds the lock.
  | { kind: 'unlock' };
