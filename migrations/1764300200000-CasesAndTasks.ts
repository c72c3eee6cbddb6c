import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases (办件), their work items, the append-only timeline, jobs, message subscriptions and the
 * outbox. Every case-scoped table carries case_id (the distribution column if sharded; docs/scaling.md).
 */
export class CasesAndTasks1764300200000 implements MigrationInterface {
  name = 'CasesAndTasks1764300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_no_sequence (
        region text NOT NULL,
        day text NOT NULL,
        last_value bigint NOT NULL,
        PRIMARY KEY (region, day)
      )`);
    await q.query(`
      CREATE TABLE approval_case (
        id uuid PRIMARY KEY,
        case_no text NOT NULL UNIQUE,
        query_code text NOT NULL,
        region_code text NOT NULL,
        department text NOT NULL,
        item_code text,
        item_name text,
        item_version integer,
        process_definition_id uuid NOT NULL REFERENCES process_definition (id),
        process_key text NOT NULL,
        process_version integer NOT NULL,
        business_key text,
        status text NOT NULL,
        status_code integer NOT NULL,
        result_phase text,
        handling_type text,
        is_tolerance boolean NOT NULL DEFAULT false,
        channel text NOT NULL,
        applicant jsonb NOT NULL,
        agent jsonb,
        materials jsonb NOT NULL DEFAULT '[]',
        engine_state jsonb NOT NULL,
        clocks jsonb NOT NULL DEFAULT '{}',
        time_state text NOT NULL DEFAULT 'NORMAL',
        legal_due_at timestamptz,
        promised_due_at timestamptz,
        received_at timestamptz NOT NULL,
        accepted_at timestamptz,
        decision_at timestamptz,
        created_by text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        ended_at timestamptz,
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX approval_case_status ON approval_case (status, created_at DESC)`);
    await q.query(`CREATE INDEX approval_case_item ON approval_case (item_code, created_at DESC)`);
    await q.query(`CREATE INDEX approval_case_department ON approval_case (department, created_at DESC)`);
    await q.query(
      `CREATE INDEX approval_case_business_key ON approval_case (business_key) WHERE business_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX approval_case_created ON approval_case (created_at DESC, id)`);
    await q.query(`CREATE INDEX approval_case_applicant ON approval_case ((applicant->>'name'))`);
    await q.query(`
      CREATE TABLE work_item (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES approval_case (id),
        case_no text NOT NULL,
        kind text NOT NULL,
        element_id text NOT NULL,
        name text,
        step text,
        state text NOT NULL,
        assignee text,
        owner text,
        candidate_departments text[] NOT NULL DEFAULT '{}',
        candidate_roles text[] NOT NULL DEFAULT '{}',
        candidate_users text[] NOT NULL DEFAULT '{}',
        outcomes text[] NOT NULL DEFAULT '{}',
        outcome text,
        opinion text,
        silence_consent boolean NOT NULL DEFAULT false,
        multi_instance jsonb,
        joint_opinions jsonb,
        topic text,
        worker_id text,
        lock_expires_at timestamptz,
        retries integer,
        error_message text,
        due_at timestamptz,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        completed_by text,
        seq bigserial
      )`);
    // The inbox: open user tasks by candidate department, newest first (GIN for the array overlap).
    await q.query(
      `CREATE INDEX work_item_open_departments ON work_item USING gin (candidate_departments) WHERE state = 'open'`,
    );
    await q.query(`CREATE INDEX work_item_open_assignee ON work_item (assignee, seq) WHERE state = 'open'`);
    await q.query(`CREATE INDEX work_item_case ON work_item (case_id)`);
    await q.query(`CREATE INDEX work_item_open_seq ON work_item (seq) WHERE state = 'open'`);
    await q.query(
      `CREATE INDEX work_item_external ON work_item (topic, lock_expires_at) WHERE kind = 'external' AND state = 'open'`,
    );
    await q.query(`
      CREATE TABLE case_event (
        case_id uuid NOT NULL REFERENCES approval_case (id),
        seq integer NOT NULL,
        type text NOT NULL,
        element_id text,
        name text,
        actor_id text,
        actor_name text,
        actor_department text,
        status_after text,
        status_code_after integer,
        opinion text,
        source text NOT NULL,
        data jsonb,
        idempotency_key text,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX case_event_idempotency ON case_event (case_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE job (
        id uuid PRIMARY KEY,
        case_id uuid REFERENCES approval_case (id),
        kind text NOT NULL,
        element_id text,
        due_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'scheduled',
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL DEFAULT 5,
        locked_by text,
        locked_until timestamptz,
        last_error text,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      )`);
    await q.query(`CREATE INDEX job_due ON job (due_at) WHERE state = 'scheduled'`);
    await q.query(`CREATE INDEX job_case ON job (case_id)`);
    await q.query(`
      CREATE TABLE message_subscription (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES approval_case (id),
        element_id text NOT NULL,
        message_name text NOT NULL,
        correlation_key text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX message_subscription_name ON message_subscription (message_name, correlation_key)`);
    await q.query(`CREATE INDEX message_subscription_case ON message_subscription (case_id)`);
    await q.query(`
      CREATE TABLE outbox_event (
        id uuid PRIMARY KEY,
        seq bigserial UNIQUE,
        case_id uuid,
        type text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        dispatched_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE dispatched_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE outbox_event, message_subscription, job, case_event, work_item, approval_case, case_no_sequence',
    );
  }
}
