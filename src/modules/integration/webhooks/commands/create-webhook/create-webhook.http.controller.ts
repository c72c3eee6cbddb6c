import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { WebhookView } from '../../dtos/webhook.view.js';
import { CreateWebhookCommand } from './create-webhook.command.js';
import { CreateWebhookRequestDto } from './create-webhook.request.dto.js';

@ApiTags('webhooks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('webhooks')
export class CreateWebhookHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin')
  @Scopes('webhooks')
  @ApiOperation({
    summary: 'Subscribe a URL to case events',
    description:
      'Every event of the chosen types for cases the department takes part in is POSTed after commit, ' +
      'signed with X-Tongban-Signature: sha256=<HMAC of the body>, at least once and in order per case, ' +
      'retried with exponential back-off and dead-lettered after WEBHOOK_MAX_ATTEMPTS.',
  })
  @ApiResponse({ status: 201, type: WebhookView })
  @ApiResponse({ status: 422, description: 'WEBHOOK.INVALID_URL' })
  @ApiResponse({ status: 403, description: 'WEBHOOK.DEPARTMENT_MISMATCH' })
  create(@Body() body: CreateWebhookRequestDto, @CurrentPrincipal() p: Principal): Promise<WebhookView> {
    return this.commands.execute(new CreateWebhookCommand(body, p));
  }
}
