import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { WebhookReader } from '../../application/webhook.reader.js';
import { type DeliveryRow, DeliveryView } from '../../dtos/webhook.view.js';
import { SkipDeliveryCommand } from './skip-delivery.command.js';

/**
 * A dead (or pending) delivery becomes `skipped`: the receiver will not get that event from us, and the
 * later events of its case that it held back (WEBHOOK_DEAD_LETTER_HOLDS_CASE) go out. A decision an
 * operator makes, visible in the delivery list; never taken silently.
 */
@CommandHandler(SkipDeliveryCommand)
export class SkipDeliveryHandler implements ICommandHandler<SkipDeliveryCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: WebhookReader,
  ) {}

  async execute({ webhookId, deliveryId, principal }: SkipDeliveryCommand): Promise<DeliveryView> {
    await this.reader.get(webhookId, principal);
    // One transaction that answers or fails: its answer is what an Idempotency-Key replays (ADR 0005).
    return this.uow.run(async (tx) => {
      const [row] = await tx.query<DeliveryRow>(
        `UPDATE webhook_delivery SET state = 'skipped', locked_until = NULL
          WHERE id = $1 AND webhook_id = $2 AND state IN ('dead', 'pending') RETURNING *`,
        [deliveryId, webhookId],
      );
      if (row) return DeliveryView.from(row);
      const [other] = await tx.query<{ state: string }>(
        'SELECT state FROM webhook_delivery WHERE id = $1 AND webhook_id = $2',
        [deliveryId, webhookId],
      );
      if (!other) throw AppError.notFound('WEBHOOK.DELIVERY_NOT_FOUND', `No delivery ${deliveryId} for this webhook`);
      throw AppError.conflict(
        'WEBHOOK.DELIVERY_NOT_SKIPPABLE',
        `The delivery is ${other.state}; only dead or pending ones can be skipped`,
      );
    });
  }
}
