import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `job_running_lease` (Timing) and `job_running` (WebhookFanOutAndWakeUps) are the same index: every job
 * leased or finished paid for both. Found in the benchmark's index statistics.
 */
export class DropDuplicateJobIndex1764304100000 implements MigrationInterface {
  name = 'DropDuplicateJobIndex1764304100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX job_running_lease');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX job_running_lease ON job (locked_until) WHERE state = 'running'`);
  }
}
