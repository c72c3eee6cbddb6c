import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Node clocks pause with the case (ADR 0015): a work item's due date moves by the working days the
 * case stood still during its life. The case command patches `work_item.due_at` through the change
 * set's generic `rows` section, so `work_item` is registered there (key `id`). Pauses, extension
 * requests and the delivery clock live in `approval_case.clocks` with the other clock records.
 */
export class NodeClockPauses1764303200000 implements MigrationInterface {
  name = 'NodeClockPauses1764303200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO tb_change_set_table (name, key_columns) VALUES ('work_item', '{id}') ON CONFLICT (name) DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tb_change_set_table WHERE name = 'work_item'`);
  }
}
