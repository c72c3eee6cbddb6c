import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signals (ADR 0020). `signal_subscription`: one row per open signal catch of a case (written by the
 * case's change set, like message subscriptions). `signal_broadcast`: one row per broadcast, by the API
 * or thrown inside a case, with what its fan-out found. `signal_delivery`: one row per case a broadcast
 * reached, written by that case's own delivery command — the exactly-once record (primary key) and what
 * the broadcast's progress is read from.
 */
export class Signals1764303700000 implements MigrationInterface {
  name = 'Signals1764303700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE signal_subscription (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES approval_case (id),
      element_id text NOT NULL,
      signal_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX signal_subscription_name ON signal_subscription (signal_name, case_id)`);
    await q.query(`CREATE INDEX signal_subscription_case ON signal_subscription (case_id)`);
    await q.query(`CREATE TABLE signal_broadcast (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      variables jsonb NOT NULL DEFAULT '{}',
      source text NOT NULL CHECK (source IN ('api', 'case')),
      source_case_id uuid REFERENCES approval_case (id),
      source_element_id text,
      sender_id text NOT NULL,
      sender_name text NOT NULL,
      sender_department text,
      department_scope text,
      region_code text,
      cases integer,
      subscriptions integer,
      start_events integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      fanned_out_at timestamptz
    )`);
    await q.query(`CREATE INDEX signal_broadcast_created ON signal_broadcast (created_at DESC, id)`);
    await q.query(`CREATE TABLE signal_delivery (
      broadcast_id uuid NOT NULL REFERENCES signal_broadcast (id),
      case_id uuid NOT NULL REFERENCES approval_case (id),
      subscriptions integer NOT NULL,
      delivered_at timestamptz NOT NULL,
      PRIMARY KEY (broadcast_id, case_id)
    )`);
    await q.query(`CREATE INDEX signal_delivery_case ON signal_delivery (case_id)`);
    await q.query(`INSERT INTO tb_change_set_table (name, key_columns) VALUES
      ('signal_subscription', '{id}'), ('signal_broadcast', '{id}'), ('signal_delivery', '{broadcast_id,case_id}')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM tb_change_set_table WHERE name IN ('signal_subscription', 'signal_broadcast', 'signal_delivery')`,
    );
    await q.query('DROP TABLE signal_delivery');
    await q.query('DROP TABLE signal_broadcast');
    await q.query('DROP TABLE signal_subscription');
  }
}
