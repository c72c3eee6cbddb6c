import { Injectable } from '@nestjs/common';
import { ApiKeyRepository } from '../../../persistence/repositories/api-key.repository.js';
import { ApiKeyVerifier } from '../../../shared/auth/api-key-verifier.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { hashApiKey } from '../domain/api-key-secret.js';

/** X-Api-Key: a system acts for its department only, with the scopes it was given. */
@Injectable()
export class DatabaseApiKeyVerifier extends ApiKeyVerifier {
  constructor(private readonly keys: ApiKeyRepository) {
    super();
  }

  async verify(secret: string): Promise<Principal | null> {
    if (secret.length > 200 || !secret.startsWith('tbk_')) return null;
    const row = await this.keys.findActiveByHash(hashApiKey(secret));
    if (!row) return null;
    return {
      kind: 'system',
      id: `api-key:${row.id}`,
      name: row.name,
      roles: [],
      dept: row.department,
      region: row.department.slice(0, 6),
      scopes: row.scopes,
    };
  }
}
