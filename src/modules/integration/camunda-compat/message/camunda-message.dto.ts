import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { CamundaVariables } from '../camunda-variables.js';

const TYPED_MAP = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/CamundaTypedValueDto' },
} as const;

export class CamundaCorrelateMessageDto {
  @ApiProperty({ example: 'drawing-review-done' }) @IsString() @Length(1, 200) messageName: string;

  @ApiPropertyOptional({ example: 'SQ-2026-000123', description: 'Only the cases with this business key' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  businessKey?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this case (Camunda process instance = case)' })
  @IsOptional()
  @IsUUID()
  processInstanceId?: string;

  @ApiPropertyOptional({
    ...TYPED_MAP,
    example: { applicationNo: { value: 'JZ-2026-0042', type: 'String' } },
    description:
      'One entry: its value is matched against the correlation key the waiting subscription evaluated ' +
      '(tb:correlationKey / zeebe:subscription correlationKey); the entry name is not looked up',
  })
  @IsOptional()
  @IsObject()
  correlationKeys?: CamundaVariables;

  @ApiPropertyOptional({ ...TYPED_MAP, example: { drawingReviewPassed: { value: true, type: 'Boolean' } } })
  @IsOptional()
  @IsObject()
  processVariables?: CamundaVariables;

  @ApiPropertyOptional({ ...TYPED_MAP, description: 'Set on the case like processVariables (no local scope here)' })
  @IsOptional()
  @IsObject()
  processVariablesLocal?: CamundaVariables;

  @ApiPropertyOptional({ description: 'Accepted: a message always reaches every matching case (once per case)' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ description: 'true: 200 with the correlation results; otherwise 204' })
  @IsOptional()
  @IsBoolean()
  resultEnabled?: boolean;

  @ApiPropertyOptional({ enum: [false], description: 'Variables in the result are not supported' })
  @IsOptional()
  @IsIn([false])
  variablesInResultEnabled?: boolean;
}

class CamundaExecutionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) processInstanceId: string;
  @ApiProperty({ example: false }) ended: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) tenantId: string | null;
}

class CamundaProcessInstanceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ nullable: true, type: String }) definitionId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) businessKey: string | null;
  @ApiProperty({ example: false }) ended: boolean;
  @ApiProperty({ example: false }) suspended: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ example: [] }) links: unknown[];
}

/** Camunda's MessageCorrelationResultWithVariableDto (without variables). */
export class CamundaMessageCorrelationResultDto {
  @ApiProperty({ enum: ['Execution', 'ProcessDefinition'] }) resultType: 'Execution' | 'ProcessDefinition';
  @ApiPropertyOptional({ type: CamundaExecutionDto, nullable: true }) execution: CamundaExecutionDto | null;
  @ApiPropertyOptional({ type: CamundaProcessInstanceDto, nullable: true })
  processInstance: CamundaProcessInstanceDto | null;
}
