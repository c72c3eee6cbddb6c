import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../../../../config/app-config.js';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { ClockService } from '../../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { actingDepartment } from '../../../shared/department-scope.js';
import { deniedTarget } from '../../domain/target-guard.js';
import { type WebhookRow, WebhookView } from '../../dtos/webhook.view.js';
import { CreateWebhookCommand } from './create-webhook.command.js';

/**
 * Subscribes a URL to event types. Only http(s) without credentials, and (unless
 * WEBHOOK_ALLOW_PRIVATE_TARGETS) only hosts that are not internal: the URL's address, or every address
 * its name resolves to now, must be outside the denied ranges. Delivery checks again (DNS may change).
 */
@CommandHandler(CreateWebhookCommand)
export class CreateWebhookHandler implements ICommandHandler<CreateWebhookCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ request: req, principal }: CreateWebhookCommand): Promise<WebhookView> {
    const url = parseTarget(req.url);
    if (!this.config.webhookAllowPrivateTargets) {
      const denied = await deniedTarget(new URL(url));
      if (denied) {
        throw AppError.badRequest(
          'WEBHOOK.TARGET_NOT_ALLOWED',
          `Webhooks may not target loopback, link-local, private or other internal addresses (${denied})`,
        );
      }
    }
    const own = actingDepartment(principal);
    if (own !== null && req.department !== undefined && req.department !== own) {
      throw AppError.forbidden('WEBHOOK.DEPARTMENT_MISMATCH', `You may subscribe for department ${own} only`);
    }
    const department = own ?? req.department ?? null;
    // A transaction of its own so that an Idempotency-Key's answer commits with the webhook (ADR 0005).
    return this.uow.run(async (tx) => {
      const [row] = await tx.query<WebhookRow>(
        `INSERT INTO webhook (id, department, url, events, secret, created_by, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *`,
        [randomUUID(), department, url, req.events, req.secret, principal.id, this.clock.now()],
      );
      if (!row) throw new Error('insert returned no row');
      return WebhookView.from(row);
    });
  }
}

function parseTarget(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw AppError.invalid('WEBHOOK.INVALID_URL', 'The webhook URL is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw AppError.invalid('WEBHOOK.INVALID_URL', 'Only http and https webhook URLs are allowed');
  }
  if (url.username || url.password) {
    throw AppError.invalid('WEBHOOK.INVALID_URL', 'Put no credentials in the URL; the signature authenticates us');
  }
  return url.toString();
}
