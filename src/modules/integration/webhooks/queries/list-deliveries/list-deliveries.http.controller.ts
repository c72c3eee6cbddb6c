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
import {
  MultiValue,
  type SortColumns,
  SortParam,
  orderBySql,
  parseSort,
} from '../../../../../shared/http/list-query.js';
import { type Page, PageQueryDto, pageWindow, toPage } from '../../../../../shared/http/pagination.js';
import { uuidParam } from '../../../../../shared/http/uuid.pipe.js';
import { WebhookReader } from '../../application/webhook.reader.js';
import { DeliveryPageDto, type DeliveryRow, DeliveryView } from '../../dtos/webhook.view.js';

const DELIVERY_STATES = ['pending', 'delivered', 'dead', 'skipped', 'cancelled'] as const;
/** Sortable delivery fields (API name → column). */
const DELIVERY_SORT: SortColumns = {
  eventSeq: 'event_seq',
  createdAt: 'created_at',
  nextAttemptAt: 'next_attempt_at',
  deliveredAt: 'delivered_at',
  attempts: 'attempts',
};

export class ListDeliveriesRequestDto extends PageQueryDto {
  @MultiValue({ values: DELIVERY_STATES, example: 'pending,dead', description: 'Delivery state' })
  state?: string[];
  @SortParam(DELIVERY_SORT, 'eventSeq')
  sort?: string;
}

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
    summary: 'Deliveries of a webhook, in event order (or `sort`), filtered by `state` (several as `a,b`)',
    description:
      'state: pending (will be retried), delivered, dead (retry budget used up; holds the later events of its ' +
      'case until redelivered or skipped), skipped, cancelled. lastError is a coarse category (TIMEOUT, ' +
      'CONNECTION_REFUSED, DNS, TLS, HTTP_4XX, HTTP_5XX, TARGET_NOT_ALLOWED, …), never a socket error text.',
  })
  @ApiParam({ name: 'id', format: 'uuid', example: '6f1c2b9e-8d0a-4c43-9d55-0c7c4b1f2a10' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiResponse({ status: 404, description: 'WEBHOOK.NOT_FOUND' })
  async list(
    @Param('id', uuidParam) id: string,
    @Query() q: ListDeliveriesRequestDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<Page<DeliveryView>> {
    await this.reader.get(id, p);
    const order = orderBySql(parseSort(q.sort, DELIVERY_SORT, 'eventSeq'), 'id');
    const w = pageWindow(q);
    const where = 'webhook_id = $1 AND ($2::text[] IS NULL OR state = ANY($2))';
    const params = [id, q.state ?? null];
    // A separate count: a window count over the page is 0 past the last page, where total still holds.
    const [rows, [count]] = await Promise.all([
      this.uow.query<DeliveryRow>(
        `SELECT * FROM webhook_delivery WHERE ${where} ORDER BY ${order} LIMIT $3 OFFSET $4`,
        [...params, w.limit, w.offset],
      ),
      this.uow.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_delivery WHERE ${where}`, params),
    ]);
    const total = count?.n ?? 0;
    return toPage(
      rows.map((r) => DeliveryView.from(r)),
      total,
      w,
    );
  }
}
