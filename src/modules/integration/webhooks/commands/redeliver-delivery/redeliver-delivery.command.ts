import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type { DeliveryView } from '../../dtos/webhook.view.js';

/** Puts a dead-lettered delivery back in the queue, once the receiver is fixed. */
export class RedeliverDeliveryCommand extends Command<DeliveryView> {
  constructor(
    readonly webhookId: string,
    readonly deliveryId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
