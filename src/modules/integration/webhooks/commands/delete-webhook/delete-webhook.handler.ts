import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { ClockService } from '../../../../../shared/clock/clock.service.js';
import { WebhookReader } from '../../application/webhook.reader.js';
import { DeleteWebhookCommand } from './delete-webhook.command.js';

/** Unsubscribes: the row stays (its deliveries remain readable for audit); pending deliveries are cancelled. */
@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: WebhookReader,
    private readonly clock: ClockService,
  ) {}

  async execute({ webhookId, principal }: DeleteWebhookCommand): Promise<void> {
    await this.reader.get(webhookId, principal);
    await this.uow.run(async (tx) => {
      await tx.query('UPDATE webhook SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [
        webhookId,
        this.clock.now(),
      ]);
      await tx.query(`UPDATE webhook_delivery SET state = 'cancelled' WHERE webhook_id = $1 AND state = 'pending'`, [
        webhookId,
      ]);
    });
  }
}
