import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { uuidParam } from '../../../../../shared/http/uuid.pipe.js';
import { DeliveryView } from '../../dtos/webhook.view.js';
import { RedeliverDeliveryCommand } from './redeliver-delivery.command.js';

@ApiTags('webhooks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('webhooks')
export class RedeliverDeliveryHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @Roles('admin')
  @Scopes('webhooks')
  @ApiOperation({ summary: 'Send a dead-lettered delivery again (fresh attempts)' })
  @ApiOkResponse({ type: DeliveryView })
  @ApiResponse({ status: 404, description: 'WEBHOOK.NOT_FOUND / WEBHOOK.DELIVERY_NOT_FOUND' })
  @ApiResponse({ status: 409, description: 'WEBHOOK.DELIVERY_NOT_DEAD' })
  redeliver(
    @Param('id', uuidParam) id: string,
    @Param('deliveryId', uuidParam) deliveryId: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<DeliveryView> {
    return this.commands.execute(new RedeliverDeliveryCommand(id, deliveryId, p));
  }
}
