import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type { DeliveryView } from '../../dtos/webhook.view.js';

/** Gives up on a dead (or still retried) delivery on purpose, releasing the case's later events. */
export class SkipDeliveryCommand extends Command<DeliveryView> {
  constructor(
    readonly webhookId: string,
    readonly deliveryId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
