import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { IsRealDateTime } from '../../../../../shared/http/dates.js';
import { CorrelatedTargetDto } from '../../../messages/commands/correlate-message/correlate-message.request.dto.js';

export class PushDepartmentStatusRequestDto {
  @ApiProperty({
    example: 11,
    minimum: 1,
    maximum: 16,
    description:
      'External status code (domain.md §3.1): 3 已受理, 6 补正, 8 部门开始办理, 9/10 特别程序, 11 办结(通过), 13 办结(不通过) …',
  })
  @IsInt()
  @Min(1)
  @Max(16)
  statusCode: number;

  @ApiPropertyOptional({ example: '经审查，施工图符合规范要求，同意。', description: '办理意见 (BLYJ)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  opinion?: string;

  @ApiPropertyOptional({ example: '李四', description: '办理人 (BLR) in the department system' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  handlerName?: string;

  @ApiPropertyOptional({ example: '郑审图〔2026〕118号', description: '批复文号 (PFWH)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  documentNo?: string;

  @ApiPropertyOptional({ example: '2026-11-28T09:30:00+08:00', description: '办理时间 (BLSJ), business time' })
  @IsOptional()
  @IsRealDateTime({ allowDate: true })
  occurredAt?: string;

  @ApiProperty({ example: 'zrzy-2026-000118-11', description: 'A retry with the same key changes nothing' })
  @IsString()
  @Length(1, 200)
  idempotencyKey: string;
}

export class DepartmentStatusResponseDto {
  @ApiProperty({ format: 'uuid', example: '0f8b6a52-3c1e-4d7a-9b2f-5e6c7d8a9b10' }) caseId: string;
  @ApiProperty({ example: 14, description: 'Timeline position of the entry' }) seq: number;
  @ApiProperty({ example: 11 }) statusCode: number;
  @ApiProperty({ example: '办结(通过)' }) statusName: string;
  @ApiProperty({ example: '410100-ZRZY' }) department: string;
  @ApiProperty({ example: false, description: 'True when this key was seen before (nothing changed)' })
  replayed: boolean;
  @ApiProperty({ type: [CorrelatedTargetDto], description: 'Steps the push completed (message dept-status:<code>)' })
  correlated: CorrelatedTargetDto[];
}
