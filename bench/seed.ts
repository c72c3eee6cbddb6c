/**
 * Seeds cases straight into the tables (SQL is fine for volume): each case has one open task in one
 * of 100 departments and two completed ones, like a real inbox mid-flight.
 */
import type pg from 'pg';

export async function seedCases(sql: pg.Pool, total: number): Promise<void> {
  const have = Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM approval_case')).rows[0]?.n ?? 0);
  const def = (
    await sql.query<{ id: string }>(
      `SELECT id FROM process_definition WHERE key = 'standard-approval' ORDER BY version DESC LIMIT 1`,
    )
  ).rows[0]?.id;
  if (!def) throw new Error('standard-approval is not deployed');
  for (let from = have; from < total; from += 100_000) {
    const to = Math.min(total, from + 100_000);
    await sql.query(
      `INSERT INTO approval_case (id, case_no, query_code, region_code, department, item_code, process_definition_id, process_key,
         process_version, status, status_code, channel, applicant, engine_state, received_at, created_at, updated_at)
       SELECT gen_random_uuid(), 'S' || lpad(g::text, 19, '0'), '000000', '410100', '410100-D' || lpad((g % 100)::text, 3, '0'),
         'seed', $3, 'standard-approval', 1, 'IN_PROCESS', 8, 'WINDOW', '{"type":"LEGAL_PERSON","name":"seed"}',
         '{"schemaVersion":1}', now(), now() - (g || ' seconds')::interval, now()
       FROM generate_series($1::int + 1, $2::int) g`,
      [from, to, def],
    );
    await sql.query(
      `INSERT INTO work_item (id, case_id, case_no, kind, element_id, name, step, state, candidate_departments, candidate_roles, outcomes, created_at, completed_at)
       SELECT gen_random_uuid(), c.id, c.case_no, 'user', e.el, e.name, e.el, e.state, ARRAY[c.department], ARRAY['handler'], '{}', c.created_at,
              CASE WHEN e.state = 'completed' THEN now() END
       FROM approval_case c
       CROSS JOIN (VALUES ('receive', '窗口受理', 'completed'), ('inspect', '现场勘察', 'completed'), ('review', '审查', 'open')) AS e(el, name, state)
       WHERE c.case_no >= 'S' || lpad(($1::int + 1)::text, 19, '0') AND c.case_no <= 'S' || lpad($2::text, 19, '0')`,
      [from, to],
    );
  }
  await sql.query('VACUUM ANALYZE approval_case');
  await sql.query('VACUUM ANALYZE work_item');
}
