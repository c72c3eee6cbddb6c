import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type { WebhookView } from '../../dtos/webhook.view.js';
import type { CreateWebhookRequestDto } from './create-webhook.request.dto.js';

export class CreateWebhookCommand extends Command<WebhookView> {
  constructor(
    readonly request: CreateWebhookRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
