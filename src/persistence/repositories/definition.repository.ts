import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProcessDefinitionOrm } from '../entities/index.js';

export interface NewDefinition {
  key: string;
  name: string | null;
  xml: string;
  xmlHash: string;
  resourceName: string | null;
  source: string;
  deployedBy: string | null;
}

export interface DefinitionFilter {
  key?: string[];
  latestOnly?: boolean;
  limit: number;
  offset: number;
  /** Property paths with direction, whitelisted by the caller; key then version break ties. */
  order?: { path: string; desc: boolean }[];
}

@Injectable()
export class DefinitionRepository {
  constructor(private readonly db: DataSource) {}

  findById(id: string): Promise<ProcessDefinitionOrm | null> {
    return this.db.getRepository(ProcessDefinitionOrm).findOneBy({ id });
  }

  findLatest(key: string): Promise<ProcessDefinitionOrm | null> {
    return this.db.getRepository(ProcessDefinitionOrm).findOne({ where: { key }, order: { version: 'DESC' } });
  }

  /** The id of a key's latest version only: the hot path has the version itself in memory (ids never change). */
  async findLatestId(key: string): Promise<string | null> {
    const row = await this.db
      .getRepository(ProcessDefinitionOrm)
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .where('d.key = :key', { key })
      .orderBy('d.version', 'DESC')
      .limit(1)
      .getRawOne<{ id: string }>();
    return row?.id ?? null;
  }

  async list(f: DefinitionFilter): Promise<{ rows: ProcessDefinitionOrm[]; total: number }> {
    const qb = this.db.getRepository(ProcessDefinitionOrm).createQueryBuilder('d');
    if (f.key) qb.andWhere('d.key IN (:...key)', { key: f.key });
    if (f.latestOnly) {
      qb.andWhere('d.version = (SELECT max(x.version) FROM process_definition x WHERE x.key = d.key)');
    }
    for (const o of f.order ?? []) qb.addOrderBy(o.path, o.desc ? 'DESC' : 'ASC', 'NULLS LAST');
    // TypeORM keys orderings by path: a tie-breaker on a path already sorted would overwrite its direction.
    for (const [path, dir] of [
      ['d.key', 'ASC'],
      ['d.version', 'DESC'],
    ] as const)
      if (!f.order?.some((o) => o.path === path)) qb.addOrderBy(path, dir);
    qb.skip(f.offset).take(f.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  /**
   * Adds the next version of a key, unless the latest version has the same bytes (then returns it).
   * A per-key advisory lock makes concurrent deploys of one key take consecutive versions.
   */
  async deploy(def: NewDefinition): Promise<{ row: ProcessDefinitionOrm; created: boolean }> {
    return this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`definition:${def.key}`]);
      const repo = em.getRepository(ProcessDefinitionOrm);
      const latest = await repo.findOne({ where: { key: def.key }, order: { version: 'DESC' } });
      if (latest && latest.xmlHash === def.xmlHash) return { row: latest, created: false };
      const row = repo.create({ ...def, version: (latest?.version ?? 0) + 1, deployedAt: new Date() });
      return { row: await repo.save(row), created: true };
    });
  }
}
