import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A call activity runs its process as a child case; the child remembers which call it answers. */
export class CallActivities1764300800000 implements MigrationInterface {
  name = 'CallActivities1764300800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE approval_case ADD COLUMN parent_case_id uuid REFERENCES approval_case (id)');
    await q.query('ALTER TABLE approval_case ADD COLUMN parent_call_id text');
    await q.query(
      'CREATE INDEX approval_case_parent ON approval_case (parent_case_id, parent_call_id) WHERE parent_case_id IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE approval_case DROP COLUMN parent_call_id, DROP COLUMN parent_case_id');
  }
}
