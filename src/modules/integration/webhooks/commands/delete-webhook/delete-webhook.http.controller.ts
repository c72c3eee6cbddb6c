import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../../shared/http/uuid.pipe.js';
import { DeleteWebhookCommand } from './delete-webhook.command.js';

@ApiTags('webhooks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('webhooks')
export class DeleteWebhookHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @Scopes('webhooks')
  @ApiOperation({ summary: 'Delete a webhook; its pending deliveries are cancelled' })
  @ApiParam({ name: 'id', format: 'uuid', example: '6f1c2b9e-8d0a-4c43-9d55-0c7c4b1f2a10' })
  @ApiNoContentResponse()
  @ApiResponse({ status: 404, description: 'WEBHOOK.NOT_FOUND' })
  async remove(@Param('id', uuidParam) id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    await this.commands.execute(new DeleteWebhookCommand(id, p));
  }
}
