import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';

export class DeleteWebhookCommand extends Command<void> {
  constructor(
    readonly webhookId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
