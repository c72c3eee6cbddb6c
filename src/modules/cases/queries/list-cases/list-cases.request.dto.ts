import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsRealDateTime } from '../../../../shared/http/dates.js';
import { MultiValue, type SortColumns, SortParam } from '../../../../shared/http/list-query.js';
import { PageQueryDto } from '../../../../shared/http/pagination.js';
import { CASE_STATUSES } from '../../domain/case-status.js';

/** Sortable case fields (API name → column). */
export const CASE_SORT: SortColumns = {
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  receivedAt: 'c.received_at',
  promisedDueAt: 'c.promised_due_at',
  legalDueAt: 'c.legal_due_at',
  decisionAt: 'c.decision_at',
  caseNo: 'c.case_no',
  status: 'c.status',
};
export const CASE_SORT_DEFAULT = '-createdAt';

export class ListCasesRequestDto extends PageQueryDto {
  @MultiValue({ values: CASE_STATUSES, example: 'ACCEPTED,IN_PROCESS', description: 'Case status' })
  status?: string[];
  @MultiValue({ example: '410100-SJJ-XK-001', maxLength: 64, description: 'Approval item code' })
  itemCode?: string[];
  @ApiPropertyOptional({ example: '410100-SJJ' }) @IsOptional() @IsString() @Length(1, 64) department?: string;
  @ApiPropertyOptional({
    description:
      'Applicant name (exact), USCC, or id number; an id number matches only cases where you may see it unmasked',
  })
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
  @SortParam(CASE_SORT, CASE_SORT_DEFAULT)
  sort?: string;
}
