import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { UnitOfWork } from '../../../persistence/unit-of-work.js';
import type { Principal } from '../../auth/principal.js';
import { AppError } from '../../errors/app-error.js';
import {
  callerScope,
  IDEMPOTENCY_OPTIONS,
  IdempotencyAnsweredElsewhere,
  type IdempotencyOptions,
  type IdempotentRequest,
  idempotentRequest,
  storedAnswer,
} from './idempotency.context.js';
import { IdempotencyStore, type StoredAnswer } from './idempotency.store.js';

/**
 * `Idempotency-Key` on any POST (ADR 0005). A stored answer for the caller's key is replayed
 * (`Idempotent-Replayed: true`) without running anything. Otherwise the command runs with the
 * request in context, and its own transaction stores the answer just before COMMIT: the answer
 * exists exactly when the command's changes do, so no key is ever left "in progress". A copy racing
 * the first waits on the first's uncommitted record, rolls back and replays its answer. A failed
 * command stores nothing (its transaction rolled back), so the client may retry with the same key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly store: IdempotencyStore,
    private readonly uow: UnitOfWork,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next.handle();
    const options =
      this.reflector.getAllAndOverride<IdempotencyOptions | undefined>(IDEMPOTENCY_OPTIONS, [
        ctx.getHandler(),
        ctx.getClass(),
      ]) ?? {};
    return from(this.handle(req, ctx.switchToHttp().getResponse<Response>(), key, options, next));
  }

  private async handle(
    req: Request & { principal?: Principal },
    res: Response,
    key: string,
    options: IdempotencyOptions,
    next: CallHandler,
  ): Promise<unknown> {
    if (key.length === 0 || key.length > 200)
      throw AppError.badRequest('IDEMPOTENCY.INVALID_KEY', 'Idempotency-Key must be 1–200 characters');
    const request: IdempotentRequest = {
      scope: callerScope(req.principal, req.ip),
      key,
      method: req.method,
      path: req.originalUrl.split('?')[0] ?? '',
      hash: createHash('sha256')
        .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
        .digest('hex'),
      status: () => res.statusCode,
      withheld: options.withhold ?? [],
      inCommand: options.answer !== 'after',
      recorded: null,
    };
    const earlier = await this.store.find(request.scope, key);
    if (earlier) return this.replay(res, earlier, request.hash);

    let body: unknown;
    try {
      body = await idempotentRequest.run(request, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (e) {
      if (request.recorded !== null) {
        // A handler bug: a transaction committed an answer, then the handler failed. The client gets the
        // error, so the stored answer must not be replayed to its retry.
        this.logger.error(`${request.method} ${request.path}: failed after its transaction stored an answer`);
        await this.store.remove(request.scope, key).catch(() => undefined);
        throw e;
      }
      // A copy with the same key may have committed while this one ran (and failed on what the copy did).
      const answered = await this.store.find(request.scope, key).catch(() => null);
      if (answered) return this.replay(res, answered, request.hash);
      if (e instanceof IdempotencyAnsweredElsewhere)
        throw AppError.conflict('IDEMPOTENCY.RETRY', 'The answer for this Idempotency-Key expired; send it again');
      throw e;
    } finally {
      // Work started during the request and still running later (a wake-up, a loop) is not this command.
      request.inCommand = false;
    }
    const answer = storedAnswer(body, request.withheld);
    if (request.recorded !== null) {
      // The command's transaction returns what the client gets; anything else is a bug in that handler.
      if (request.recorded !== answer)
        this.logger.error(`${request.method} ${request.path}: the stored answer differs from the response`);
      return body;
    }
    // No unit-of-work transaction committed (catalogue writes, or an `after` route): record it now.
    await this.store.insert(this.uow, request, answer);
    return body;
  }

  private replay(res: Response, stored: StoredAnswer, hash: string): unknown {
    if (stored.request_hash !== hash)
      throw AppError.invalid('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for a different request');
    res.status(stored.status_code);
    res.setHeader('Idempotent-Replayed', 'true');
    if (stored.withheld.length > 0) res.setHeader('Idempotent-Withheld', stored.withheld.join(', '));
    return stored.response;
  }
}
