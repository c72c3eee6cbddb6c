import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * Time limits and supervision (电子监察): per-region working hours, supervision alerts (warning,
 * yellow and red cards) and the indexes the job runner and the statistics read by.
 */
export class Timing1764300400000 implements MigrationInterface {
  name = 'Timing1764300400000';
  async up(q: QueryRunner): Promise<void> {
    // Working hours are a property of the region, not of a year's holiday list.
    await q.query(`
      CREATE TABLE calendar_region (
        region text PRIMARY KEY,
        working_hours jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE supervision_alert (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES approval_case (id),
        case_no text NOT NULL,
        region_code text NOT NULL,
        department text NOT NULL,
        item_code text,
        element_id text,
        task_id uuid,
        level text NOT NULL,
        trigger_code text NOT NULL,
        dedup_key text NOT NULL,
        occurred_at timestamptz NOT NULL,
        detected_at timestamptz NOT NULL,
        due_to_respond_at timestamptz,
        resolved_at timestamptz,
        escalated_from_id uuid,
        data jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT supervision_alert_once UNIQUE (case_id, dedup_key)
      )`);
    await q.query(`CREATE INDEX supervision_alert_detected ON supervision_alert (detected_at DESC, id)`);
    await q.query(`CREATE INDEX supervision_alert_department ON supervision_alert (department, detected_at DESC)`);
    await q.query(`CREATE INDEX supervision_alert_level ON supervision_alert (level, detected_at DESC)`);
    // Lease recovery scans running jobs whose lease ran out; the admin lists failed ones.
    await q.query(`CREATE INDEX job_running_lease ON job (locked_until) WHERE state = 'running'`);
    await q.query(`CREATE INDEX job_failed ON job (created_at) WHERE state = 'failed'`);
    await q.query(`CREATE INDEX approval_case_received ON approval_case (received_at)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX approval_case_received, job_failed, job_running_lease');
    await q.query('DROP TABLE supervision_alert, calendar_region');
  }
}
