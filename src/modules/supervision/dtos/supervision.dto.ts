import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsRealDate } from '../../../shared/http/dates.js';
import { MultiValue, type SortColumns, SortParam } from '../../../shared/http/list-query.js';
import { PageQueryDto } from '../../../shared/http/pagination.js';

export const ALERT_LEVELS = ['WARNING', 'YELLOW', 'RED'] as const;
/** Sortable alert fields (API name → column). */
export const ALERT_SORT: SortColumns = {
  detectedAt: 'detected_at',
  occurredAt: 'occurred_at',
  level: 'level',
  department: 'department',
  triggerCode: 'trigger_code',
  dueToRespondAt: 'due_to_respond_at',
  resolvedAt: 'resolved_at',
};
export const ALERT_SORT_DEFAULT = '-detectedAt,-occurredAt';

export class ListAlertsRequestDto extends PageQueryDto {
  @MultiValue({ values: ALERT_LEVELS, example: 'YELLOW,RED', description: 'Alert level' }) level?: string[];
  @ApiPropertyOptional({ example: '410100-SJJ' }) @IsOptional() @IsString() @MaxLength(64) department?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ description: 'true: only resolved; false: only open alerts' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  resolved?: boolean;
  @SortParam(ALERT_SORT, ALERT_SORT_DEFAULT)
  sort?: string;
}

export class AlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: '41010020260213000001' }) caseNo: string;
  @ApiProperty({ example: '410100-SJJ' }) department: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '410100-SJJ-XK-001' }) itemCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'review', description: 'The node, for NODE_EXCEEDED' })
  nodeCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) taskId: string | null;
  @ApiProperty({ enum: ALERT_LEVELS, example: 'YELLOW' }) level: string;
  @ApiProperty({
    example: 'PROMISED_EXCEEDED',
    description: 'PROMISED_DUE_SOON | PROMISED_EXCEEDED | NODE_EXCEEDED | LEGAL_EXCEEDED | YELLOW_UNRESOLVED',
  })
  triggerCode: string;
  @ApiProperty({ description: 'When the limit was crossed' }) occurredAt: string;
  @ApiProperty({ description: 'When supervision noticed it' }) detectedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The agency answers a 督办 within 5 working days' })
  dueToRespondAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) resolvedAt: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The yellow card a red one escalated from',
  })
  escalatedFromId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { dueAt: '2026-03-06T15:59:59.999Z' } })
  data: Record<string, unknown>;
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertView] }) items: AlertView[];
  @ApiPropertyOptional() total?: number;
  @ApiPropertyOptional() nextCursor?: string;
}

export class StatsRequestDto {
  @ApiProperty({ enum: ['department', 'item'] }) @IsIn(['department', 'item']) groupBy: 'department' | 'item';
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Cases received from this local date (inclusive)' })
  @IsOptional()
  @IsRealDate()
  from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'to this local date (inclusive)' })
  @IsOptional()
  @IsRealDate()
  to?: string;
}

export class StatsRowView {
  @ApiProperty({ example: '410100-SJJ', description: 'Department code or item code' }) key: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '食品经营许可（新办）' }) name: string | null;
  @ApiProperty({ example: 12 }) received: number;
  @ApiProperty({ example: 10, description: 'Decided (办结)' }) closed: number;
  @ApiProperty({ example: 9, description: 'Decided by the promised due date' }) onTime: number;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 0.9 }) onTimeRate: number | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 6.5,
    description: 'Legal-clock working days used by decided cases',
  })
  averageWorkingDaysUsed: number | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 0.675,
    description: '1 − used/legal limit, averaged (提前办结)',
  })
  compressionRate: number | null;
  @ApiProperty({ example: 2 }) open: number;
  @ApiProperty({ example: 1, description: 'Open cases past a due date' }) overdue: number;
  @ApiProperty({ example: 1 }) warnings: number;
  @ApiProperty({ example: 1 }) yellowCards: number;
  @ApiProperty({ example: 0 }) redCards: number;
}

export class StatsView {
  @ApiProperty({ enum: ['department', 'item'] }) groupBy: string;
  @ApiPropertyOptional({ type: String, nullable: true }) from: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) to: string | null;
  @ApiProperty({ type: [StatsRowView] }) items: StatsRowView[];
}
