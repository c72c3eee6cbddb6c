import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The last timeline sequence number on the case row, so a command numbers its entries without a max() query. */
export class CaseEventSeq1764300600000 implements MigrationInterface {
  name = 'CaseEventSeq1764300600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE approval_case ADD COLUMN event_seq integer NOT NULL DEFAULT 0');
    await q.query(
      'UPDATE approval_case c SET event_seq = s.max FROM (SELECT case_id, max(seq) AS max FROM case_event GROUP BY case_id) s WHERE s.case_id = c.id',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE approval_case DROP COLUMN event_seq');
  }
}
