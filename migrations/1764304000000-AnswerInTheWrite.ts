import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tb_write_command(sets, answer)`: the command's change sets and its idempotency answer in one call,
 * sent with COMMIT (ADR 0005, ADR 0012). The change sets are written by `tb_write_cases` first: it
 * takes the new cases' numbers, which then replace their placeholders in the answer too, so an
 * answer planned before the write (creation's) is stored with the real number. A key whose unexpired
 * record another request holds raises TB409, so nothing of the command is committed and the caller
 * replays that answer instead.
 */
export class AnswerInTheWrite1764304000000 implements MigrationInterface {
  name = 'AnswerInTheWrite1764304000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE OR REPLACE FUNCTION tb_write_command(sets jsonb, answer jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  numbers jsonb := tb_write_cases(sets);
  n record;
  response text := answer->>'response';
  created timestamptz := (answer->>'createdAt')::timestamptz;
BEGIN
  FOR n IN SELECT key, value FROM jsonb_each_text(numbers) LOOP
    response := replace(response, n.key, n.value);
  END LOOP;
  INSERT INTO idempotency_record
    (scope, key, method, path, request_hash, status_code, response, withheld, created_at, expires_at)
  VALUES (answer->>'scope', answer->>'key', answer->>'method', answer->>'path', answer->>'requestHash',
    (answer->>'statusCode')::int, response::json, ARRAY(SELECT jsonb_array_elements_text(answer->'withheld')),
    created, (answer->>'expiresAt')::timestamptz)
  ON CONFLICT (scope, key) DO UPDATE SET
    method = excluded.method, path = excluded.path, request_hash = excluded.request_hash,
    status_code = excluded.status_code, response = excluded.response, withheld = excluded.withheld,
    created_at = excluded.created_at, expires_at = excluded.expires_at
  WHERE idempotency_record.expires_at <= created;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Idempotency-Key % is answered by another request', answer->>'key' USING ERRCODE = 'TB409';
  END IF;
  RETURN numbers;
END
$fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION tb_write_command(jsonb, jsonb)');
  }
}
