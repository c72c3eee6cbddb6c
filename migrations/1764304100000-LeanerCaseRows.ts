import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two savings on the write path (ADR 0012), found in the benchmark's table statistics:
 * - `approval_case` rows are rewritten by every command; with full pages most updates could not stay on
 *   their page, so each one also wrote an entry into all ten of the table's indexes. Leaving a fifth of
 *   each page free lets an update that changes no indexed column (most completions: the status and the
 *   dates stay) be a heap-only (HOT) update.
 * - `job_running_lease` (Timing) and `job_running` (WebhookFanOutAndWakeUps) are the same index; every
 *   job leased or finished paid for both.
 */
export class LeanerCaseRows1764304100000 implements MigrationInterface {
  name = 'LeanerCaseRows1764304100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE approval_case SET (fillfactor = 80)');
    await q.query('DROP INDEX job_running_lease');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX job_running_lease ON job (locked_until) WHERE state = 'running'`);
    await q.query('ALTER TABLE approval_case RESET (fillfactor)');
  }
}
