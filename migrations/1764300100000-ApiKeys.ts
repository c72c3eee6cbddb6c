import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys for department systems; only a SHA-256 of the secret is stored. */
export class ApiKeys1764300100000 implements MigrationInterface {
  name = 'ApiKeys1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        department text NOT NULL,
        scopes text[] NOT NULL,
        secret_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_key');
  }
}
