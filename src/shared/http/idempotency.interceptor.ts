import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { UnitOfWork } from '../../persistence/unit-of-work.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../errors/app-error.js';

interface Stored {
  request_hash: string;
  status_code: number;
  response: unknown;
}

const WAIT_MS = 5_000;

/**
 * `Idempotency-Key` on any POST: the first request's answer is stored per caller and key; a replay
 * gets that answer (with `Idempotent-Replayed: true`) and changes nothing. The key is reserved
 * before the command runs, so two copies racing each other execute once; a failed command frees it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly uow: UnitOfWork) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next.handle();
    return from(this.handle(req, ctx.switchToHttp().getResponse<Response>(), key, next));
  }

  private async handle(
    req: Request & { principal?: Principal },
    res: Response,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (key.length === 0 || key.length > 200)
      throw AppError.badRequest('IDEMPOTENCY.INVALID_KEY', 'Idempotency-Key must be 1–200 characters');
    const principal = req.principal ? `${req.principal.kind}:${req.principal.id}` : `anonymous:${req.ip ?? ''}`;
    const path = req.originalUrl.split('?')[0] ?? '';
    const hash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
    const reserved = await this.uow.query(
      `INSERT INTO idempotency_record (principal, key, method, path, request_hash, status_code)
       VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT DO NOTHING RETURNING key`,
      [principal, key, req.method, path, hash],
    );
    if (reserved.length === 0) return this.replay(res, principal, key, hash);
    try {
      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.uow.query(
        'UPDATE idempotency_record SET status_code = $3, response = $4 WHERE principal = $1 AND key = $2',
        [principal, key, res.statusCode, JSON.stringify(body ?? null)],
      );
      return body;
    } catch (e) {
      await this.uow.query('DELETE FROM idempotency_record WHERE principal = $1 AND key = $2', [principal, key]);
      throw e;
    }
  }

  private async replay(res: Response, principal: string, key: string, hash: string): Promise<unknown> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const [row] = await this.uow.query<Stored>(
        'SELECT request_hash, status_code, response FROM idempotency_record WHERE principal = $1 AND key = $2',
        [principal, key],
      );
      if (row && row.request_hash !== hash) {
        throw AppError.invalid('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for a different request');
      }
      if (row && row.status_code !== 0) {
        res.status(row.status_code);
        res.setHeader('Idempotent-Replayed', 'true');
        return row.response;
      }
      if (!row) throw AppError.conflict('IDEMPOTENCY.RETRY', 'The first request with this key failed; send it again');
      if (Date.now() > deadline)
        throw AppError.conflict('IDEMPOTENCY.IN_PROGRESS', 'A request with this key is still running');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
