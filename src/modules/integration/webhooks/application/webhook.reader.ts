import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { actingDepartment } from '../../shared/department-scope.js';
import type { WebhookRow } from '../dtos/webhook.view.js';

/** Webhooks a caller may see: a department system (or department staff) its own; admins all. */
@Injectable()
export class WebhookReader {
  constructor(private readonly uow: UnitOfWork) {}

  list(p: Principal): Promise<WebhookRow[]> {
    return this.uow.query<WebhookRow>(
      `SELECT * FROM webhook WHERE deleted_at IS NULL AND ($1::text IS NULL OR department = $1) ORDER BY created_at, id`,
      [actingDepartment(p)],
    );
  }

  async get(id: string, p: Principal): Promise<WebhookRow> {
    const [row] = await this.uow.query<WebhookRow>(
      `SELECT * FROM webhook WHERE id = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR department = $2)`,
      [id, actingDepartment(p)],
    );
    if (!row) throw AppError.notFound('WEBHOOK.NOT_FOUND', `No webhook ${id}`);
    return row;
  }
}
