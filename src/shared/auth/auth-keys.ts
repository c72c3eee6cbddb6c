import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config/app-config.js';
import type { JwtKey } from './jwt.js';

/**
 * The key that verifies bearer tokens: AUTH_PUBLIC_KEY (RS256/ES256), else AUTH_JWT_SECRET, else a
 * secret generated once under the data directory so a newcomer can mint tokens with `npm run token`.
 */
export function resolveJwtKey(config: Pick<AppConfig, 'jwtSecret' | 'jwtPublicKey' | 'dataDir'>): JwtKey {
  if (config.jwtPublicKey) return { kind: 'public', pem: config.jwtPublicKey.replace(/\\n/g, '\n') };
  if (config.jwtSecret) return { kind: 'hs256', secret: config.jwtSecret };
  return { kind: 'hs256', secret: localSecret(config.dataDir) };
}

export function localSecretPath(dataDir: string): string {
  return path.join(dataDir, 'jwt-secret');
}

function localSecret(dataDir: string): string {
  const file = localSecretPath(dataDir);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // 'wx' so two processes starting together cannot overwrite each other's secret.
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return fs.readFileSync(file, 'utf8').trim();
  }
}
