import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task operations about people (issue 13, ADR 0018): copies (抄送), urges (催办), standing proxies
 * (代理), opinion phrases, and the work item's "on behalf of". Copies and urges are written by case
 * commands through the change set's `rows` section (registered below); proxies and phrases are one
 * user's settings, written by plain repositories. A proxy change notifies every node, which keeps
 * the active proxies in memory (commands look them up without a round trip).
 */
export class PeopleTaskOperations1764303500000 implements MigrationInterface {
  name = 'PeopleTaskOperations1764303500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_copy (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES approval_case (id) ON DELETE CASCADE,
      case_no text NOT NULL,
      task_id uuid,
      element_id text,
      recipient_kind text NOT NULL CHECK (recipient_kind IN ('user', 'department')),
      recipient text NOT NULL,
      note text,
      copied_by text NOT NULL,
      copied_by_name text NOT NULL,
      copied_at timestamptz NOT NULL,
      read_at timestamptz,
      read_by text
    )`);
    await q.query(`CREATE INDEX case_copy_recipient ON case_copy (recipient_kind, recipient, copied_at DESC, id)`);
    await q.query(`CREATE INDEX case_copy_case ON case_copy (case_id)`);
    await q.query(`CREATE TABLE task_urge (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES approval_case (id) ON DELETE CASCADE,
      task_id uuid NOT NULL,
      urged_by text NOT NULL,
      urged_by_name text NOT NULL,
      urged_by_department text,
      target_assignee text,
      target_departments text[] NOT NULL DEFAULT '{}',
      message text NOT NULL,
      urged_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX task_urge_task ON task_urge (task_id, urged_by, urged_at DESC)`);
    await q.query(`CREATE TABLE user_proxy (
      user_id text PRIMARY KEY,
      proxy_id text NOT NULL CHECK (proxy_id <> user_id),
      department text,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      reason text,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX user_proxy_proxy ON user_proxy (proxy_id)`);
    await q.query(`
      CREATE FUNCTION user_proxy_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_notify('tongban_proxy', '');
        RETURN NULL;
      END
      $fn$`);
    await q.query(`CREATE TRIGGER user_proxy_notify AFTER INSERT OR UPDATE OR DELETE ON user_proxy
      FOR EACH STATEMENT EXECUTE FUNCTION user_proxy_notify()`);
    await q.query(`CREATE TABLE user_phrase (
      user_id text PRIMARY KEY,
      phrases jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz NOT NULL
    )`);
    // Who a proxy acts for on this work item (代理): written by the command that redirected it.
    await q.query(`ALTER TABLE work_item ADD COLUMN on_behalf_of text`);
    await q.query(`INSERT INTO tb_change_set_table (name, key_columns) VALUES
      ('case_copy', '{id}'), ('task_urge', '{id}'), ('work_item', '{id}') ON CONFLICT (name) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tb_change_set_table WHERE name IN ('case_copy', 'task_urge')`);
    await q.query(`ALTER TABLE work_item DROP COLUMN on_behalf_of`);
    await q.query(`DROP TABLE user_phrase`);
    await q.query(`DROP TABLE user_proxy`);
    await q.query(`DROP FUNCTION user_proxy_notify()`);
    await q.query(`DROP TABLE task_urge`);
    await q.query(`DROP TABLE case_copy`);
  }
}
