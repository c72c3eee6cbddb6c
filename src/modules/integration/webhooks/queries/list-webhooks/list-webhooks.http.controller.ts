import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { SmallListQueryDto, pageInMemory } from '../../../../../shared/http/list-query.js';
import type { Page } from '../../../../../shared/http/pagination.js';
import { WebhookReader } from '../../application/webhook.reader.js';
import { WebhookListDto, WebhookView } from '../../dtos/webhook.view.js';

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
  @ApiOkResponse({ type: WebhookListDto })
  async list(@Query() q: SmallListQueryDto, @CurrentPrincipal() p: Principal): Promise<Page<WebhookView>> {
    const all = (await this.reader.list(p)).map((w) => WebhookView.from(w));
    return pageInMemory(all, q, { createdAt: 'createdAt', url: 'url' }, 'createdAt');
  }
}
