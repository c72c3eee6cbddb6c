import { AsyncLocalStorage } from 'node:async_hooks';
import { SetMetadata } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';

/**
 * Where a route's answer is recorded:
 * - `command` (default): by the command's own transaction, just before its COMMIT — the first
 *   unit of work that commits during the request is the command, and what it returns is the answer;
 *   a route whose handler opens no unit-of-work transaction is recorded just after it, as `after`.
 * - `after`: just after the handler, in a statement of its own — for handlers that run several
 *   transactions (long polls, per-case message delivery, the test clock); ADR 0005 lists them.
 */
export interface IdempotencyOptions {
  answer?: 'command' | 'after';
  /** Response fields never stored (secrets): a replay answers them as null and names them in `Idempotent-Withheld`. */
  withhold?: string[];
}

export const IDEMPOTENCY_OPTIONS = 'tongban:idempotency';
export const Idempotency = (options: IdempotencyOptions): MethodDecorator & ClassDecorator =>
  SetMetadata(IDEMPOTENCY_OPTIONS, options);

/** One POST with an Idempotency-Key, as the command's transaction sees it. */
export interface IdempotentRequest {
  scope: string;
  key: string;
  method: string;
  path: string;
  hash: string;
  /** The status the client will get (Nest sets the route's status before the handler runs). */
  status: () => number;
  withheld: readonly string[];
  inCommand: boolean;
  /** The stored answer (JSON text) once a committed transaction wrote it. */
  recorded: string | null;
}

export const idempotentRequest = new AsyncLocalStorage<IdempotentRequest>();

/** Thrown inside the command's transaction when a copy with the same key committed first: roll back, replay. */
export class IdempotencyAnsweredElsewhere extends Error {
  constructor() {
    super('another request with this Idempotency-Key committed first');
  }
}

/**
 * Keys belong to a caller: the principal's kind and id and the department it acts for, so another
 * department's token with the same `sub` (or another API key) never sees the answer.
 */
export function callerScope(p: Principal | undefined, ip: string | undefined): string {
  return JSON.stringify(p ? [p.kind, p.id, p.dept ?? null] : ['anonymous', ip ?? '']);
}

/** The answer as stored: withheld fields replaced by null. */
export function storedAnswer(body: unknown, withheld: readonly string[]): string {
  if (withheld.length === 0 || body === null || typeof body !== 'object') return JSON.stringify(body ?? null);
  return JSON.stringify({ ...body, ...Object.fromEntries(withheld.map((f) => [f, null])) });
}
