import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency records are written by the command's own transaction (ADR 0005): scoped to the caller
 * (kind, id and department), kept until `expires_at`, answers stored as sent (json keeps key order).
 * Reservations of the old design (status 0, no answer) can never complete: they are dropped.
 */
export class IdempotencyInCommand1764302100000 implements MigrationInterface {
  name = 'IdempotencyInCommand1764302100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM idempotency_record WHERE status_code = 0');
    await q.query('ALTER TABLE idempotency_record RENAME COLUMN principal TO scope');
    await q.query('ALTER TABLE idempotency_record ALTER COLUMN response TYPE json USING response::json');
    await q.query(`ALTER TABLE idempotency_record ADD COLUMN withheld text[] NOT NULL DEFAULT '{}'`);
    await q.query('ALTER TABLE idempotency_record ADD COLUMN expires_at timestamptz');
    await q.query(`UPDATE idempotency_record SET expires_at = created_at + interval '24 hours'`);
    await q.query('ALTER TABLE idempotency_record ALTER COLUMN expires_at SET NOT NULL');
    await q.query('CREATE INDEX idempotency_record_expires_at ON idempotency_record (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idempotency_record_expires_at');
    await q.query('ALTER TABLE idempotency_record DROP COLUMN expires_at, DROP COLUMN withheld');
    await q.query('ALTER TABLE idempotency_record ALTER COLUMN response TYPE jsonb USING response::jsonb');
    await q.query('ALTER TABLE idempotency_record RENAME COLUMN scope TO principal');
  }
}
