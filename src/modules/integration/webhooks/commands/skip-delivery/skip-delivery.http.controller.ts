import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../../shared/http/uuid.pipe.js';
import { DeliveryView } from '../../dtos/webhook.view.js';
import { SkipDeliveryCommand } from './skip-delivery.command.js';

@ApiTags('webhooks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('webhooks')
export class SkipDeliveryHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/deliveries/:deliveryId/skip')
  @HttpCode(200)
  @Roles('admin')
  @Scopes('webhooks')
  @ApiOperation({
    summary: 'Give up on a dead (or pending) delivery; the later events of its case then go out',
    description:
      'A dead delivery holds the later events of its case for this webhook (WEBHOOK_DEAD_LETTER_HOLDS_CASE, ' +
      'default true), so order per case is never broken silently. Skipping is the explicit decision to let ' +
      'them overtake it; redeliver sends it again instead.',
  })
  @ApiParam({ name: 'id', format: 'uuid', example: '6f1c2b9e-8d0a-4c43-9d55-0c7c4b1f2a10' })
  @ApiParam({ name: 'deliveryId', format: 'uuid', example: '51f2a0c4-7b1e-4c2d-9a8f-3e6d5c4b2a19' })
  @ApiOkResponse({ type: DeliveryView, description: 'The delivery, now skipped' })
  @ApiResponse({ status: 404, description: 'WEBHOOK.NOT_FOUND / WEBHOOK.DELIVERY_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'WEBHOOK.DELIVERY_NOT_SKIPPABLE (already delivered, skipped or cancelled)' })
  skip(
    @Param('id', uuidParam) id: string,
    @Param('deliveryId', uuidParam) deliveryId: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<DeliveryView> {
    return this.commands.execute(new SkipDeliveryCommand(id, deliveryId, p));
  }
}
