import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CamundaTypedValueDto, type CamundaVariables } from '../camunda-variables.js';
import { NestedObjects } from '../../../../shared/http/nested-objects.js';

const WEEK_MS = 7 * 24 * 3_600_000;

export class CamundaTopicDto {
  @ApiProperty({ example: 'drawing-review' }) @IsString() @Length(1, 200) topicName: string;

  @ApiProperty({ example: 60_000, description: 'Milliseconds the tasks stay locked to this worker' })
  @IsInt()
  @Min(100)
  @Max(WEEK_MS)
  lockDuration: number;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['applicationNo'],
    description: 'Only these variables in the answer (null: all)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  variables?: string[] | null;

  @ApiPropertyOptional({ description: 'Accepted; our variables are all case-wide, so it changes nothing' })
  @IsOptional()
  @IsBoolean()
  localVariables?: boolean;

  @ApiPropertyOptional({ description: 'Accepted; Json values are always sent serialised, as Camunda does' })
  @IsOptional()
  @IsBoolean()
  deserializeValues?: boolean;

  @ApiPropertyOptional({ description: 'Accepted; extensionProperties is always {}' })
  @IsOptional()
  @IsBoolean()
  includeExtensionProperties?: boolean;
}

export class CamundaFetchAndLockDto {
  @ApiProperty({ example: 'zrzy-worker-1' }) @IsString() @Length(1, 200) workerId: string;

  @ApiProperty({ example: 10, minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) maxTasks: number;

  @ApiPropertyOptional({ description: 'Accepted; every task has priority 0, tasks are handed out oldest first' })
  @IsOptional()
  @IsBoolean()
  usePriority?: boolean;

  @ApiPropertyOptional({
    example: 20_000,
    description: 'Long polling in ms; values above 60000 wait 60000 (then [] is answered and the client polls again)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_800_000)
  asyncResponseTimeout?: number;

  @ApiProperty({ type: [CamundaTopicDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @NestedObjects(() => CamundaTopicDto)
  topics: CamundaTopicDto[];
}

class CamundaWorkerDto {
  @ApiProperty({ example: 'zrzy-worker-1' }) @IsString() @Length(1, 200) workerId: string;
}

const VARIABLES_DOC = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/CamundaTypedValueDto' },
  example: { drawingReviewPassed: { value: true, type: 'Boolean' } },
} as const;

export class CamundaCompleteDto extends CamundaWorkerDto {
  @ApiPropertyOptional(VARIABLES_DOC) @IsOptional() @IsObject() variables?: CamundaVariables;

  @ApiPropertyOptional({ ...VARIABLES_DOC, description: 'Set on the case like variables (no local scope here)' })
  @IsOptional()
  @IsObject()
  localVariables?: CamundaVariables;
}

export class CamundaFailureDto extends CamundaWorkerDto {
  @ApiPropertyOptional({ example: 'drawing server timed out' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  errorMessage?: string;

  @ApiPropertyOptional({ example: 'java.net.SocketTimeoutException at …' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  errorDetails?: string;

  @ApiPropertyOptional({ example: 2, description: 'Retries left; 0 raises an incident. Default 0, as in Camunda' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  retries?: number;

  @ApiPropertyOptional({ example: 30_000, description: 'ms until the task is handed out again (default 0)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(WEEK_MS)
  retryTimeout?: number;
}

export class CamundaBpmnErrorDto extends CamundaWorkerDto {
  @ApiProperty({ example: 'DRAWINGS_REJECTED' }) @IsString() @Length(1, 200) @Matches(/^\S+$/) errorCode: string;

  @ApiPropertyOptional({ example: '消防设计不符合规范' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  errorMessage?: string;

  @ApiPropertyOptional(VARIABLES_DOC) @IsOptional() @IsObject() variables?: CamundaVariables;
}

export class CamundaExtendLockDto extends CamundaWorkerDto {
  @ApiProperty({ example: 60_000, description: 'The lock now ends this many ms from now' })
  @IsInt()
  @Min(100)
  @Max(WEEK_MS)
  newDuration: number;
}

/** Camunda's LockedExternalTaskDto; Camunda's process instance is our case. */
export class CamundaLockedExternalTaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'drawing-review' }) topicName: string;
  @ApiProperty({ example: 'zrzy-worker-1' }) workerId: string;
  @ApiProperty({ example: '2026-11-28T10:05:00.000Z' }) lockExpirationTime: string;
  @ApiProperty({ format: 'uuid', description: 'The case id' }) processInstanceId: string;
  @ApiProperty({ format: 'uuid', description: 'The case id (no separate executions)' }) executionId: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'SQ-2026-000123' }) businessKey: string | null;
  @ApiProperty({ example: 'check-drawings', description: 'The BPMN element id' }) activityId: string;
  @ApiProperty({ example: 'check-drawings:0f8b6a52-…' }) activityInstanceId: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'building-permit' }) processDefinitionKey:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'building-permit:3' }) processDefinitionId:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: null }) processDefinitionVersionTag: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 2 }) retries: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) errorMessage: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Always null (kept in the timeline)' })
  errorDetails: string | null;
  @ApiProperty({ example: 0 }) priority: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The handling department of the case' })
  tenantId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/CamundaTypedValueDto' } })
  variables: Record<string, CamundaTypedValueDto>;
  @ApiProperty({ example: {} }) extensionProperties: Record<string, string>;
  @ApiProperty({ example: '2026-11-28T02:21:11.120Z' }) createTime: string;
}
