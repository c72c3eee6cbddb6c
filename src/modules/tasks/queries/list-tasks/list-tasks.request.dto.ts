import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { MultiValue, type SortColumns, SortParam } from '../../../../shared/http/list-query.js';
import { PageQueryDto } from '../../../../shared/http/pagination.js';

/** Sortable task fields (API name → column). `createdAt` is the work item's sequence (creation order). */
export const TASK_SORT: SortColumns = {
  createdAt: 'seq',
  dueAt: 'due_at',
  completedAt: 'completed_at',
  name: 'name',
  step: 'step',
  caseNo: 'case_no',
};
export const TASK_SORT_DEFAULT = 'createdAt';
const TASK_STATES = ['open', 'completed', 'cancelled'] as const;

export class ListTasksRequestDto extends PageQueryDto {
  @MultiValue({ values: TASK_STATES, example: 'open', description: 'Task state; default `open`' })
  state?: (typeof TASK_STATES)[number][];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() caseId?: string;
  @MultiValue({ example: 'review', maxLength: 200, description: 'BPMN element id' })
  elementId?: string[];
  @ApiPropertyOptional({ example: '410100-SJJ', description: 'Supervisors: any; others: their own only' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  department?: string;
  @MultiValue({ example: 'handler-410100-SJJ', maxLength: 200, description: 'Assignee user id' })
  assignee?: string[];
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
  @MultiValue({ example: 'review,decide', maxLength: 32, description: 'Approval step' })
  step?: string[];
  @ApiPropertyOptional({
    enum: ['mine', 'all'],
    default: 'mine',
    description: '`mine` (default): what you may work on; `all`: everything you may see (supervisors)',
  })
  @IsOptional()
  @IsIn(['mine', 'all'])
  scope?: 'mine' | 'all';
  @SortParam(TASK_SORT, TASK_SORT_DEFAULT)
  sort?: string;
}
