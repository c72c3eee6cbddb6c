import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../../../../shared/http/pagination.js';

export class ListCopiesRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only read (true) or unread (false) copies' })
  @IsOptional()
  @IsIn(['true', 'false'])
  read?: 'true' | 'false';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ enum: ['user', 'department'], description: 'Copies to you by name, or to your department' })
  @IsOptional()
  @IsIn(['user', 'department'])
  recipientKind?: 'user' | 'department';
  @ApiPropertyOptional({ example: 'handler-410100-SJJ', description: 'Who copied it' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  copiedBy?: string;
}
