import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsRealDateTime } from '../../../../shared/http/dates.js';
import { PageQueryDto } from '../../../../shared/http/pagination.js';
import { CASE_STATUSES } from '../../domain/case-status.js';

export class ListCasesRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: string;
  @ApiPropertyOptional({ example: '410100-SJJ-XK-001' }) @IsOptional() @IsString() @Length(1, 64) itemCode?: string;
  @ApiPropertyOptional({ example: '410100-SJJ' }) @IsOptional() @IsString() @Length(1, 64) department?: string;
  @ApiPropertyOptional({ description: 'Applicant name (exact) or id number / USCC' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  applicant?: string;
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00+08:00' })
  @IsOptional()
  @IsRealDateTime({ allowDate: true })
  createdFrom?: string;
  @ApiPropertyOptional({ example: '2026-12-31T23:59:59+08:00' })
  @IsOptional()
  @IsRealDateTime({ allowDate: true })
  createdTo?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Cases past a due date (time state OVERDUE)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'Business key from the upstream platform' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  businessKey?: string;
}
