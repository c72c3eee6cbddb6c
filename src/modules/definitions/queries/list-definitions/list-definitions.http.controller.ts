import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '../../../../shared/auth/decorators.js';
import { MultiValue, type SortColumns, SortParam, parseSort } from '../../../../shared/http/list-query.js';
import { type Page, PageQueryDto, pageWindow } from '../../../../shared/http/pagination.js';
import { DefinitionPageDto, type DefinitionResponseDto } from '../../dtos/definition.response.dto.js';
import { ListDefinitionsQuery } from './list-definitions.query.js';

/** Sortable fields (API name → entity property path). */
const DEFINITION_SORT: SortColumns = {
  key: 'd.key',
  version: 'd.version',
  deployedAt: 'd.deployedAt',
  name: 'd.name',
};

export class ListDefinitionsRequestDto extends PageQueryDto {
  @MultiValue({ example: 'standard-approval', maxLength: 200, description: 'Process key' })
  key?: string[];

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only the newest version of each key' })
  @IsOptional()
  @IsIn(['true', 'false'])
  latestOnly?: 'true' | 'false';

  @SortParam(DEFINITION_SORT, 'key,-version')
  sort?: string;
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
    description:
      'Filter by key (several as `a,b`); `latestOnly=true` gives one row per key. By key, newest version first, ' +
      'unless `sort` says otherwise (`sort=-deployedAt` for the latest deployments).',
  })
  @ApiOkResponse({ type: DefinitionPageDto })
  list(@Query() q: ListDefinitionsRequestDto): Promise<Page<DefinitionResponseDto>> {
    const order = parseSort(q.sort, DEFINITION_SORT, 'key,-version').map((k) => ({ path: k.column, desc: k.desc }));
    const w = pageWindow(q);
    return this.queries.execute(new ListDefinitionsQuery(q.key, q.latestOnly === 'true', w.limit, w.offset, order));
  }
}
