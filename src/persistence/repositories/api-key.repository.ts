import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyOrm } from '../entities/index.js';

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: DataSource) {}

  create(
    row: Pick<ApiKeyOrm, 'name' | 'department' | 'scopes' | 'secretHash' | 'prefix' | 'createdBy'>,
  ): Promise<ApiKeyOrm> {
    const repo = this.db.getRepository(ApiKeyOrm);
    return repo.save(repo.create({ ...row, createdAt: new Date() }));
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
