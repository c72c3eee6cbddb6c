import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes that serve each branch of the inbox query in sequence order (see TaskListReader). */
export class InboxIndexes1764300700000 implements MigrationInterface {
  name = 'InboxIndexes1764300700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX work_item_open_first_department ON work_item ((candidate_departments[1]), seq) WHERE state = 'open' AND kind = 'user'`,
    );
    await q.query(
      `CREATE INDEX work_item_open_shared ON work_item USING gin (candidate_departments) WHERE state = 'open' AND cardinality(candidate_departments) > 1`,
    );
    await q.query(`CREATE INDEX work_item_open_users ON work_item USING gin (candidate_users) WHERE state = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX work_item_open_first_department, work_item_open_shared, work_item_open_users');
  }
}
