import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyOrm } from '../entities/index.js';
import type { Tx } from '../unit-of-work.js';

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: DataSource) {}

  /** Inside the command's transaction, so an Idempotency-Key's answer commits with the key (ADR 0005). */
  async create(
    tx: Tx,
    row: Pick<ApiKeyOrm, 'name' | 'department' | 'scopes' | 'secretHash' | 'prefix' | 'createdBy'>,
  ): Promise<ApiKeyOrm> {
    const [r] = await tx.query<ApiKeyRow>(
      `INSERT INTO api_key (name, department, scopes, secret_hash, prefix, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [row.name, row.department, row.scopes, row.secretHash, row.prefix, row.createdBy, new Date()],
    );
    if (!r) throw new Error('insert returned no row');
    return Object.assign(new ApiKeyOrm(), {
      id: r.id,
      name: r.name,
      department: r.department,
      scopes: r.scopes,
      secretHash: r.secret_hash,
      prefix: r.prefix,
      createdBy: r.created_by,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    });
  }

  findActiveByHash(secretHash: string): Promise<ApiKeyOrm | null> {
    return this.db.getRepository(ApiKeyOrm).findOneBy({ secretHash, revokedAt: IsNull() });
  }

  async list(department: string | null): Promise<ApiKeyOrm[]> {
    return this.db.getRepository(ApiKeyOrm).find({
      where: department ? { department } : {},
      order: { createdAt: 'DESC' },
    });
  }

  /** Returns false when no active key has this id. */
  async revoke(id: string): Promise<boolean> {
    const res = await this.db.getRepository(ApiKeyOrm).update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (res.affected ?? 0) > 0;
  }
}

interface ApiKeyRow {
  id: string;
  name: string;
  department: string;
  scopes: string[];
  secret_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
