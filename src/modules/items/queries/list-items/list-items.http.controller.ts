import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Roles } from '../../../../shared/auth/decorators.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { ApiETagRead, ETAG_HEADER, conditionalRead } from '../../../../shared/http/etag.js';
import { MultiValue, type SortColumns, SortParam, parseSort } from '../../../../shared/http/list-query.js';
import { type Page, PageQueryDto, pageWindow } from '../../../../shared/http/pagination.js';
import { ItemRepository } from '../../../../persistence/repositories/item.repository.js';
import { ITEM_STATUSES, ITEM_TYPES } from '../../domain/item.enums.js';
import { ItemPageDto, ItemResponseDto } from '../../dtos/item.response.dto.js';
import { ListItemsQuery } from './list-items.query.js';

/** Sortable fields (API name → entity property path). */
const ITEM_SORT: SortColumns = {
  code: 'i.code',
  name: 'i.name',
  department: 'i.department',
  status: 'i.status',
  version: 'i.version',
  effectiveFrom: 'i.effectiveFrom',
  createdAt: 'i.createdAt',
  updatedAt: 'i.updatedAt',
};

export class ListItemsRequestDto extends PageQueryDto {
  @MultiValue({ example: '410100-SJJ', maxLength: 64, description: 'Department code' })
  department?: string[];
  @MultiValue({ values: ITEM_TYPES, description: 'Item type' }) itemType?: string[];
  @MultiValue({ values: ITEM_STATUSES, description: 'Item status' }) status?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) processKey?: string;
  @ApiPropertyOptional({ example: '410100' }) @IsOptional() @Matches(/^\d{6}$/) regionCode?: string;
  @ApiPropertyOptional({ description: 'Text in the name or code', example: '食品' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @SortParam(ITEM_SORT, 'code')
  sort?: string;
}

@ApiTags('approval items')
@ApiBearerAuth()
@Roles('admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor')
@Controller('items')
export class ListItemsHttpController {
  constructor(
    private readonly queries: QueryBus,
    private readonly items: ItemRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List approval items',
    description:
      'Filters combine with AND; several values of one filter (`status=A,B`) match any. Ordered by code unless `sort` says otherwise.',
  })
  @ApiOkResponse({ type: ItemPageDto })
  list(@Query() q: ListItemsRequestDto): Promise<Page<ItemResponseDto>> {
    const { limit: _l, cursor: _c, offset: _o, sort, ...filter } = q;
    const order = parseSort(sort, ITEM_SORT, 'code').map((k) => ({ path: k.column, desc: k.desc }));
    return this.queries.execute(new ListItemsQuery({ ...filter, ...pageWindow(q), order }));
  }

  @Get(':code')
  @ApiOperation({
    summary: 'One approval item by code',
    description: 'The ETag is the item version; send it in If-Match on PUT to edit without losing a concurrent change.',
  })
  @ApiOkResponse({ type: ItemResponseDto, headers: ETAG_HEADER })
  @ApiNotFoundResponse({ description: 'ITEM.NOT_FOUND' })
  @ApiETagRead('ITEM.VERSION_MISMATCH')
  async get(
    @Param('code') code: string,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<ItemResponseDto | undefined> {
    const row = await this.items.findByCode(code);
    if (!row) throw AppError.notFound('ITEM.NOT_FOUND', `No item with code ${code}`);
    const send = conditionalRead(res, row.version, { ifMatch, ifNoneMatch }, 'ITEM.VERSION_MISMATCH');
    return send ? ItemResponseDto.from(row) : undefined;
  }
}
