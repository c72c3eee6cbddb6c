import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyRepository } from '../../../../persistence/repositories/api-key.repository.js';
import { CurrentPrincipal, Roles } from '../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { SmallListQueryDto, pageInMemory } from '../../../../shared/http/list-query.js';
import type { Page } from '../../../../shared/http/pagination.js';
import { uuidParam } from '../../../../shared/http/uuid.pipe.js';
import { ApiKeyListDto, ApiKeyResponseDto, CreateApiKeyRequestDto, CreatedApiKeyDto } from '../../dtos.js';
import { CreateApiKeyCommand } from './create-api-key.command.js';

import { Idempotency } from '../../../../shared/http/idempotency/idempotency.context.js';
@ApiTags('auth')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly keys: ApiKeyRepository,
  ) {}

  @Post()
  @Idempotency({ withhold: ['secret'] })
  @ApiOperation({
    summary: 'Create an API key for a department system',
    description:
      'The secret is in this answer only. A replay with the same `Idempotency-Key` returns the key with ' +
      '`secret: null` and the header `Idempotent-Withheld: secret`: secrets are never stored.',
  })
  @ApiResponse({ status: 201, type: CreatedApiKeyDto })
  create(@Body() body: CreateApiKeyRequestDto, @CurrentPrincipal() p: Principal): Promise<CreatedApiKeyDto> {
    return this.commands.execute(new CreateApiKeyCommand(body, p.id));
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (never their secrets)' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(@Query() q: SmallListQueryDto): Promise<Page<ApiKeyResponseDto>> {
    const all = (await this.keys.list(null)).map((k) => ApiKeyResponseDto.from(k));
    return pageInMemory(all, q, { createdAt: 'createdAt', name: 'name' }, '-createdAt');
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse()
  @ApiResponse({ status: 404, description: 'API_KEY.NOT_FOUND' })
  async revoke(@Param('id', uuidParam) id: string): Promise<void> {
    if (!(await this.keys.revoke(id))) throw AppError.notFound('API_KEY.NOT_FOUND', `No active API key ${id}`);
  }
}
