import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { WebhookReader } from '../../application/webhook.reader.js';
import { WebhookView } from '../../dtos/webhook.view.js';

@ApiTags('webhooks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('webhooks')
export class ListWebhooksHttpController {
  constructor(private readonly reader: WebhookReader) {}

  @Get()
  @Roles('admin')
  @Scopes('webhooks')
  @ApiOperation({ summary: "List webhooks (an API key sees its department's; secrets are never shown)" })
  @ApiOkResponse({ type: [WebhookView] })
  async list(@CurrentPrincipal() p: Principal): Promise<{ items: WebhookView[] }> {
    return { items: (await this.reader.list(p)).map((w) => WebhookView.from(w)) };
  }
}
