import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 加签 (issue 13): a work item records its signers in `sign` — on an added signer's item the task it signs
 * and how (`{of, mode}`), on a signed item the before-signers holding it and the after-signers queued
 * behind it (`{heldBy, after}`). Written through the change set's `rows` section (ADR 0012 addendum), so
 * `work_item` is registered there by its key.
 */
export class TaskSigners1764303400000 implements MigrationInterface {
  name = 'TaskSigners1764303400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE work_item ADD COLUMN sign jsonb');
    // Another feature may register work_item too: the registration is the same either way.
    await q.query(
      `INSERT INTO tb_change_set_table (name, key_columns) VALUES ('work_item', '{id}') ON CONFLICT (name) DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE work_item DROP COLUMN sign');
  }
}
