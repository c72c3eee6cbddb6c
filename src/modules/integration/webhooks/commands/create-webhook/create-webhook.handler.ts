import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../../persistence/unit-of-work.js';
import { ClockService } from '../../../../../shared/clock/clock.service.js';
import { AppError } from '../../../../../shared/errors/app-error.js';
import { actingDepartment } from '../../../shared/department-scope.js';
import { type WebhookRow, WebhookView } from '../../dtos/webhook.view.js';
import { CreateWebhookCommand } from './create-webhook.command.js';

/**
 * Subscribes a URL to event types. Only http(s) with a host is accepted here; which hosts are allowed is a
 * deployment decision (egress proxy / allow-list, docs/integration.md), since tests post to 127.0.0.1.
 */
@CommandHandler(CreateWebhookCommand)
export class CreateWebhookHandler implements ICommandHandler<CreateWebhookCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
  ) {}

  async execute({ request: req, principal }: CreateWebhookCommand): Promise<WebhookView> {
    const url = parseTarget(req.url);
    const own = actingDepartment(principal);
    if (own !== null && req.department !== undefined && req.department !== own) {
      throw AppError.forbidden('WEBHOOK.DEPARTMENT_MISMATCH', `You may subscribe for department ${own} only`);
    }
    const department = own ?? req.department ?? null;
    const [row] = await this.uow.query<WebhookRow>(
      `INSERT INTO webhook (id, department, url, events, secret, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *`,
      [randomUUID(), department, url, req.events, req.secret, principal.id, this.clock.now()],
    );
    if (!row) throw new Error('insert returned no row');
    return WebhookView.from(row);
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
