import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Tongban-Signature: sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>`. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** What a receiver does (and what the tests' fake department system does): constant-time compare. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
