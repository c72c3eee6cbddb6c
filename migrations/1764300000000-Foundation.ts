import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Process definitions, the approval item catalogue, holiday calendars and idempotency records. */
export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE process_definition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        version integer NOT NULL,
        name text,
        xml text NOT NULL,
        xml_hash text NOT NULL,
        resource_name text,
        source text NOT NULL DEFAULT 'api',
        deployed_by text,
        deployed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT process_definition_key_version UNIQUE (key, version)
      )`);
    await q.query(`CREATE INDEX process_definition_key_hash ON process_definition (key, xml_hash)`);
    await q.query(`
      CREATE TABLE service_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        item_type text NOT NULL,
        level text NOT NULL,
        region_code text NOT NULL,
        department text NOT NULL,
        process_key text NOT NULL,
        handling_type text NOT NULL,
        status text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        effective_from date,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX service_item_department ON service_item (department)`);
    await q.query(`CREATE INDEX service_item_process_key ON service_item (process_key)`);
    await q.query(`
      CREATE TABLE service_item_version (
        item_id uuid NOT NULL REFERENCES service_item (id) ON DELETE CASCADE,
        version integer NOT NULL,
        data jsonb NOT NULL,
        changed_by text,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (item_id, version)
      )`);
    await q.query(`
      CREATE TABLE holiday_calendar (
        region text NOT NULL,
        year integer NOT NULL,
        holidays jsonb NOT NULL,
        makeup_workdays jsonb NOT NULL,
        source text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region, year)
      )`);
    await q.query(`
      CREATE TABLE idempotency_record (
        principal text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status_code integer NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (principal, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE idempotency_record, holiday_calendar, service_item_version, service_item, process_definition`,
    );
  }
}
