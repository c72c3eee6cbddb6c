import { Body, Controller, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../../../shared/auth/decorators.js';
import type { Response } from 'express';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { ApiETagWrite, ETAG_HEADER, versionTag } from '../../../../shared/http/etag.js';
import { ItemRequestDto } from '../../dtos/item.request.dto.js';
import { ItemResponseDto } from '../../dtos/item.response.dto.js';
import { SaveItemCommand } from './save-item.command.js';

@ApiTags('approval items')
@ApiBearerAuth()
@Roles('process-admin')
@Controller('items')
export class SaveItemHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({
    summary: 'Create an approval item (事项)',
    description:
      'Checks domain rules: promised ≤ legal limit (same unit), a tolerable material is never the only required one, the process key is deployed.',
  })
  @ApiResponse({ status: 201, type: ItemResponseDto, headers: ETAG_HEADER })
  @ApiResponse({ status: 409, description: 'ITEM.ALREADY_EXISTS' })
  @ApiResponse({ status: 422, description: 'ITEM.INVALID with one entry per broken rule' })
  async create(
    @Body() body: ItemRequestDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ItemResponseDto> {
    const saved: ItemResponseDto = await this.commands.execute(new SaveItemCommand(body, 'create', p.id));
    res.setHeader('ETag', versionTag(saved.version));
    return saved;
  }

  @Put(':code')
  @ApiOperation({
    summary: 'Replace an approval item; the version goes up by one and the old version is kept',
    description:
      'Send the ETag of your read in `If-Match` so that a concurrent edit is not overwritten: a stale one is ' +
      '412 ITEM.VERSION_MISMATCH. Without If-Match the last write wins.',
  })
  @ApiResponse({ status: 200, type: ItemResponseDto, headers: ETAG_HEADER })
  @ApiResponse({ status: 404, description: 'ITEM.NOT_FOUND' })
  @ApiETagWrite('ITEM.VERSION_MISMATCH')
  async update(
    @Param('code') code: string,
    @Body() body: ItemRequestDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ItemResponseDto> {
    if (body.code !== code) throw AppError.badRequest('ITEM.CODE_MISMATCH', 'The code in the path and the body differ');
    const saved: ItemResponseDto = await this.commands.execute(new SaveItemCommand(body, 'update', p.id, ifMatch));
    res.setHeader('ETag', versionTag(saved.version));
    return saved;
  }
}
