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
      'signed with X-Tongban-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">, at least once and ' +
      'in order per case, retried with capped exponential back-off and dead-lettered after WEBHOOK_MAX_ATTEMPTS. ' +
      'The target must not be internal: loopback, link-local, private, unique-local, CGNAT, multicast and ' +
      'unspecified addresses (in any spelling, and names resolving to them) are refused, here and again at ' +
      'delivery, unless the deployment sets WEBHOOK_ALLOW_PRIVATE_TARGETS=true.',
  })
  @ApiResponse({ status: 201, type: WebhookView })
  @ApiResponse({ status: 422, description: 'WEBHOOK.INVALID_URL (not http/https, or credentials in the URL)' })
  @ApiResponse({
    status: 400,
    description: 'WEBHOOK.TARGET_NOT_ALLOWED: the host is, or resolves to, an internal address',
  })
  @ApiResponse({ status: 403, description: 'WEBHOOK.DEPARTMENT_MISMATCH' })
  create(@Body() body: CreateWebhookRequestDto, @CurrentPrincipal() p: Principal): Promise<WebhookView> {
    return this.commands.execute(new CreateWebhookCommand(body, p));
  }
}
