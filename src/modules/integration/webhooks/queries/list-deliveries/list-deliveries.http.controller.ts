import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { type Page, PageQueryDto, pageWindow, toPage } from '../../../../../shared/http/pagination.js';
import { uuidParam } from '../../../../../shared/http/uuid.pipe.js';
import { WebhookReader } from '../../application/webhook.reader.js';
import { type DeliveryRow, DeliveryView } from '../../dtos/webhook.view.js';

@ApiTags('webhooks')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('webhooks')
export class ListDeliveriesHttpController {
  constructor(
    private readonly reader: WebhookReader,
    private readonly uow: UnitOfWork,
  ) {}

  @Get(':id/deliveries')
  @Roles('admin')
  @Scopes('webhooks')
  @ApiOperation({
    summary: 'Deliveries of a webhook, in event order',
    description:
      'state: pending (will be retried), delivered, dead (retry budget used up; holds the later events of its ' +
      'case until redelivered or skipped), skipped, cancelled. lastError is a coarse category (TIMEOUT, ' +
      'CONNECTION_REFUSED, DNS, TLS, HTTP_4XX, HTTP_5XX, TARGET_NOT_ALLOWED, …), never a socket error text.',
  })
  @ApiParam({ name: 'id', format: 'uuid', example: '6f1c2b9e-8d0a-4c43-9d55-0c7c4b1f2a10' })
  @ApiOkResponse({ type: [DeliveryView] })
  @ApiResponse({ status: 404, description: 'WEBHOOK.NOT_FOUND' })
  async list(
    @Param('id', uuidParam) id: string,
    @Query() q: PageQueryDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<DeliveryView>> {
    await this.reader.get(id, p);
    const w = pageWindow(q);
    const rows = await this.uow.query<DeliveryRow & { total: string }>(
      `SELECT *, count(*) OVER () AS total FROM webhook_delivery WHERE webhook_id = $1
       ORDER BY event_seq LIMIT $2 OFFSET $3`,
      [id, w.limit, w.offset],
    );
    const total = rows[0] ? Number(rows[0].total) : 0;
    return toPage(
      rows.map((r) => DeliveryView.from(r)),
      total,
      w,
    );
  }
}
