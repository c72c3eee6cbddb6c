import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Roles } from '../../../../shared/auth/decorators.js';
import { type Page, PageQueryDto, pageWindow } from '../../../../shared/http/pagination.js';
import { DefinitionPageDto, type DefinitionResponseDto } from '../../dtos/definition.response.dto.js';
import { ListDefinitionsQuery } from './list-definitions.query.js';

export class ListDefinitionsRequestDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'standard-approval' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  key?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only the newest version of each key' })
  @IsOptional()
  @IsIn(['true', 'false'])
  latestOnly?: 'true' | 'false';
}

@ApiTags('process definitions')
@ApiBearerAuth()
@Controller('process-definitions')
export class ListDefinitionsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor')
  @ApiOperation({
    summary: 'List process definitions',
    description: 'Filter by key; `latestOnly=true` gives one row per key.',
  })
  @ApiOkResponse({ type: DefinitionPageDto })
  list(@Query() q: ListDefinitionsRequestDto): Promise<Page<DefinitionResponseDto>> {
    const w = pageWindow(q);
    return this.queries.execute(new ListDefinitionsQuery(q.key, q.latestOnly === 'true', w.limit, w.offset));
  }
}
