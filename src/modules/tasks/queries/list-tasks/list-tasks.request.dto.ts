import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../../../../shared/http/pagination.js';

export class ListTasksRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'completed', 'cancelled'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'completed', 'cancelled'])
  state?: 'open' | 'completed' | 'cancelled';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ example: 'review' }) @IsOptional() @IsString() @Length(1, 200) elementId?: string;
  @ApiPropertyOptional({ example: '410100-SJJ', description: 'Supervisors: any; others: their own only' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  department?: string;
  @ApiPropertyOptional({ example: 'handler-410100-SJJ' }) @IsOptional() @IsString() @Length(1, 200) assignee?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
  @ApiPropertyOptional({ example: 'review' }) @IsOptional() @IsString() @Length(1, 32) step?: string;
  @ApiPropertyOptional({
    enum: ['mine', 'all'],
    default: 'mine',
    description: '`mine` (default): what you may work on; `all`: everything you may see (supervisors)',
  })
  @IsOptional()
  @IsIn(['mine', 'all'])
  scope?: 'mine' | 'all';
}
