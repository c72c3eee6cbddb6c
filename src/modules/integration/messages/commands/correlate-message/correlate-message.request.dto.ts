import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class CorrelateMessageRequestDto {
  @ApiProperty({ example: 'drawing-review-done', description: 'The BPMN message name (`<bpmn:message name>`)' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10',
    description: 'Only this case',
  })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ example: '41010020261128000000001', description: 'Only the case with this number' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  caseNo?: string;

  @ApiPropertyOptional({
    example: 'SQ-2026-000123',
    description: 'Only cases with this business key (the upstream application number)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  businessKey?: string;

  @ApiPropertyOptional({
    example: 'JZ-2026-0042',
    description: 'Only subscriptions whose correlation key (tb:correlationKey / zeebe:subscription) evaluated to this',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  correlationKey?: string;

  @ApiPropertyOptional({
    example: { drawingReviewPassed: true },
    description: 'Process variables set on correlation (routing variables are refused: VARIABLES.PROTECTED)',
  })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'sts-7f3a2c',
    description: "The sender's id for this message: a retry with the same id is answered as before and changes nothing",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  messageId?: string;

  @ApiPropertyOptional({
    example: 3_600_000,
    description:
      'When nothing waits for it yet: keep the message this long and deliver it when a matching subscription opens',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3_600_000)
  ttlMs?: number;

  @ApiPropertyOptional({
    example: { type: 'LEGAL_PERSON', name: '郑州市某建设有限公司' },
    description: 'For a message start event: the applicant of the new case (default: the sending system)',
  })
  @IsOptional()
  @IsObject()
  applicant?: Record<string, unknown>;
}

export class CorrelatedTargetDto {
  @ApiProperty({ format: 'uuid', example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10' }) caseId: string;
  @ApiProperty({ example: 'await-drawing-review' }) elementId: string;
  @ApiPropertyOptional({ example: true, description: 'Set when the message started this case' }) started?: boolean;
}

export class CorrelateMessageResponseDto {
  @ApiProperty({ type: [CorrelatedTargetDto] }) correlated: CorrelatedTargetDto[];
  @ApiPropertyOptional({ example: true, description: 'Nothing matched yet: the message waits until expiresAt' })
  buffered?: boolean;
  @ApiPropertyOptional({ example: '2026-11-28T10:00:00.000Z' }) expiresAt?: string;
}
