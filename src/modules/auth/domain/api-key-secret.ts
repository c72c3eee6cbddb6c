import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_SCOPES = ['messages:write', 'external-tasks', 'webhooks', 'cases:read'] as const;

/** `tbk_<8 visible chars>_<secret>`: the prefix lets an admin recognise a key without storing the secret. */
export function newApiKeySecret(): { secret: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('base64url').slice(0, 8);
  const secret = `tbk_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { secret, prefix, hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
