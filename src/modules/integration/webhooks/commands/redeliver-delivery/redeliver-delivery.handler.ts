import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { ClockService } from '../../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { WebhookReader } from '../../application/webhook.reader.js';
import { type DeliveryRow, DeliveryView } from '../../dtos/webhook.view.js';
import { RedeliverDeliveryCommand } from './redeliver-delivery.command.js';

/**
 * A dead delivery becomes pending again with fresh attempts. It keeps its event sequence, so the
 * dispatcher sends it before that case's later pending events (those already delivered stay delivered).
 */
@CommandHandler(RedeliverDeliveryCommand)
export class RedeliverDeliveryHandler implements ICommandHandler<RedeliverDeliveryCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: WebhookReader,
    private readonly clock: ClockService,
  ) {}

  async execute({ webhookId, deliveryId, principal }: RedeliverDeliveryCommand): Promise<DeliveryView> {
    await this.reader.get(webhookId, principal);
    // One transaction that answers or fails: its answer is what an Idempotency-Key replays (ADR 0005).
    return this.uow.run(async (tx) => {
      const [row] = await tx.query<DeliveryRow>(
        `UPDATE webhook_delivery SET state = 'pending', attempts = 0, first_attempt_at = NULL, next_attempt_at = $3,
           locked_until = NULL
          WHERE id = $1 AND webhook_id = $2 AND state = 'dead' RETURNING *`,
        [deliveryId, webhookId, this.clock.now()],
      );
      if (row) return DeliveryView.from(row);
      const [other] = await tx.query<{ state: string }>(
        'SELECT state FROM webhook_delivery WHERE id = $1 AND webhook_id = $2',
        [deliveryId, webhookId],
      );
      if (!other) throw AppError.notFound('WEBHOOK.DELIVERY_NOT_FOUND', `No delivery ${deliveryId} for this webhook`);
      throw AppError.conflict(
        'WEBHOOK.DELIVERY_NOT_DEAD',
        `The delivery is ${other.state}; only dead ones are redelivered`,
      );
    });
  }
}
