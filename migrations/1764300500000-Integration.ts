import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Department-system integration: inbound messages (dedupe by messageId, buffering with a TTL),
 * webhooks and their deliveries. External tasks reuse work_item (worker_id, lock_expires_at, retries).
 */
export class Integration1764300500000 implements MigrationInterface {
  name = 'Integration1764300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbound_message (
        id uuid PRIMARY KEY,
        sender text NOT NULL,
        sender_name text NOT NULL,
        sender_department text,
        message_id text,
        name text NOT NULL,
        case_id uuid,
        case_no text,
        business_key text,
        correlation_key text,
        variables jsonb NOT NULL DEFAULT '{}',
        state text NOT NULL,
        expires_at timestamptz,
        result jsonb,
        created_at timestamptz NOT NULL,
        correlated_at timestamptz
      )`);
    // A retried message (same sender, same messageId) is answered from this row and changes nothing.
    await q.query(
      `CREATE UNIQUE INDEX inbound_message_dedupe ON inbound_message (sender, message_id) WHERE message_id IS NOT NULL`,
    );
    // Looked up whenever a subscription opens: only buffered rows matter.
    await q.query(
      `CREATE INDEX inbound_message_buffered ON inbound_message (name, created_at) WHERE state = 'buffered'`,
    );
    await q.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY,
        department text,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhook (id),
        event_id uuid NOT NULL,
        event_seq bigint NOT NULL,
        event_type text NOT NULL,
        case_id uuid,
        state text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        locked_until timestamptz,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (webhook_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'pending'`);
    // In order per case: the earliest pending delivery of a (webhook, case) pair is the only one sent.
    await q.query(
      `CREATE INDEX webhook_delivery_order ON webhook_delivery (webhook_id, case_id, event_seq) WHERE state = 'pending'`,
    );
    await q.query(`CREATE INDEX webhook_delivery_list ON webhook_delivery (webhook_id, event_seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_delivery, webhook, inbound_message');
  }
}
