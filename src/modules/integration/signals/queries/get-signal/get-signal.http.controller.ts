import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { CurrentPrincipal, Roles, Scopes } from '../../../../../shared/auth/decorators.js';
import type { Principal } from '../../../../../shared/auth/principal.js';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { actingDepartment } from '../../../shared/department-scope.js';
import { SignalBroadcastView } from '../../commands/broadcast-signal/broadcast-signal.request.dto.js';
import type { BroadcastRow } from '../../domain/signal-broadcast.js';

@ApiTags('signals')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Controller('signals')
export class GetSignalHttpController {
  constructor(private readonly uow: UnitOfWork) {}

  @Get(':id')
  @Roles('admin')
  @Scopes('messages:write')
  @ApiOperation({
    summary: 'A signal broadcast and how far its deliveries have got',
    description:
      'Counts from the delivery records: each case reached is delivered exactly once. An API key sees the ' +
      "broadcasts its department sent; another department's is SIGNAL.NOT_FOUND.",
  })
  @ApiOkResponse({ type: SignalBroadcastView })
  @ApiResponse({ status: 404, description: 'SIGNAL.NOT_FOUND' })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<SignalBroadcastView> {
    const dept = actingDepartment(p);
    const [b] = await this.uow.query<
      BroadcastRow & { delivered: string; delivered_subscriptions: string; started: string; pending: string }
    >(
      `SELECT b.*,
         (SELECT count(*) FROM signal_delivery d WHERE d.broadcast_id = b.id) AS delivered,
         (SELECT coalesce(sum(d.subscriptions), 0) FROM signal_delivery d WHERE d.broadcast_id = b.id) AS delivered_subscriptions,
         (SELECT count(*) FROM job j WHERE j.kind = 'signal.start' AND j.state = 'done'
             AND j.payload->>'broadcastId' = b.id::text) AS started,
         (SELECT count(*) FROM job j WHERE j.kind IN ('signal.deliver', 'signal.start')
             AND j.state IN ('scheduled', 'running') AND j.payload->>'broadcastId' = b.id::text) AS pending
       FROM signal_broadcast b WHERE b.id = $1 AND ($2::text IS NULL OR b.sender_department = $2)`,
      [id, dept],
    );
    if (!b) throw AppError.notFound('SIGNAL.NOT_FOUND', `No signal broadcast ${id}`);
    return {
      signalId: b.id,
      name: b.name,
      source: b.source,
      sourceCaseId: b.source_case_id,
      senderDepartment: b.sender_department,
      createdAt: b.created_at.toISOString(),
      cases: b.cases ?? 0,
      subscriptions: b.subscriptions ?? 0,
      startEvents: b.start_events ?? 0,
      delivered: Number(b.delivered),
      deliveredSubscriptions: Number(b.delivered_subscriptions),
      started: Number(b.started),
      pending: Number(b.pending),
    };
  }
}
