import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ServiceItemOrm } from '../entities/index.js';

export interface ItemDocument {
  code: string;
  name: string;
  itemType: string;
  level: string;
  regionCode: string;
  department: string;
  processKey: string;
  handlingType: string;
  status: string;
  effectiveFrom?: string;
  [key: string]: unknown;
}

export interface ItemFilter {
  department?: string[];
  itemType?: string[];
  status?: string[];
  processKey?: string;
  regionCode?: string;
  q?: string;
  limit: number;
  offset: number;
  /** Property paths with direction, whitelisted by the caller; the code breaks ties. */
  order?: { path: string; desc: boolean }[];
}

@Injectable()
export class ItemRepository {
  constructor(private readonly db: DataSource) {}

  findByCode(code: string): Promise<ServiceItemOrm | null> {
    return this.db.getRepository(ServiceItemOrm).findOneBy({ code });
  }

  async list(f: ItemFilter): Promise<{ rows: ServiceItemOrm[]; total: number }> {
    const qb = this.db.getRepository(ServiceItemOrm).createQueryBuilder('i');
    if (f.department) qb.andWhere('i.department IN (:...department)', { department: f.department });
    if (f.itemType) qb.andWhere('i.item_type IN (:...itemType)', { itemType: f.itemType });
    if (f.status) qb.andWhere('i.status IN (:...status)', { status: f.status });
    if (f.processKey) qb.andWhere('i.process_key = :processKey', { processKey: f.processKey });
    if (f.regionCode) qb.andWhere('i.region_code = :regionCode', { regionCode: f.regionCode });
    if (f.q) qb.andWhere(`(i.name ILIKE :q OR i.code ILIKE :q)`, { q: `%${f.q.replace(/[\\%_]/g, '\\$&')}%` });
    for (const o of f.order ?? []) qb.addOrderBy(o.path, o.desc ? 'DESC' : 'ASC', 'NULLS LAST');
    // TypeORM keys orderings by path: a tie-breaker on a path already sorted would overwrite its direction.
    if (!f.order?.some((o) => o.path === 'i.code')) qb.addOrderBy('i.code', 'ASC');
    qb.skip(f.offset).take(f.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  /** Inserts a new item, or replaces an existing one as its next version (history kept). */
  async save(
    doc: ItemDocument,
    changedBy: string | null,
    expectExisting: boolean | null,
    versionHolds: (current: number) => boolean = () => true,
  ): Promise<ServiceItemOrm | 'exists' | 'missing' | { stale: number }> {
    return this.db.transaction(async (em) => {
      // FOR UPDATE locks nothing while the code does not exist yet: two first saves would both insert.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`item:${doc.code}`]);
      const existing = await em
        .getRepository(ServiceItemOrm)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.code = :code', { code: doc.code })
        .getOne();
      if (existing && expectExisting === false) return 'exists';
      if (!existing && expectExisting === true) return 'missing';
      // Checked under the row lock, so two writers holding the same ETag cannot both win.
      if (existing && !versionHolds(existing.version)) return { stale: existing.version };
      const version = existing ? existing.version + 1 : 1;
      const row = await this.write(em, existing, doc, version);
      await em.query('INSERT INTO service_item_version (item_id, version, data, changed_by) VALUES ($1, $2, $3, $4)', [
        row.id,
        version,
        JSON.stringify(row.data),
        changedBy,
      ]);
      return row;
    });
  }

  private async write(
    em: EntityManager,
    existing: ServiceItemOrm | null,
    doc: ItemDocument,
    version: number,
  ): Promise<ServiceItemOrm> {
    const repo = em.getRepository(ServiceItemOrm);
    const now = new Date();
    const data = { ...doc, version };
    const row = repo.create({
      ...(existing ? { id: existing.id } : {}),
      code: doc.code,
      name: doc.name,
      itemType: doc.itemType,
      level: doc.level,
      regionCode: doc.regionCode,
      department: doc.department,
      processKey: doc.processKey,
      handlingType: doc.handlingType,
      status: doc.status,
      version,
      effectiveFrom: doc.effectiveFrom ?? null,
      data,
      updatedAt: now,
      createdAt: existing?.createdAt ?? now,
    });
    return repo.save(row);
  }
}
