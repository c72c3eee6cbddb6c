import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CaseWriteFunction1764300900000 } from './1764300900000-CaseWriteFunction.js';

/** The write function as this migration installs it (a later migration's `down` restores it). */
export const WRITE_CASES_WITH_ROWS = `
CREATE OR REPLACE FUNCTION tb_write_cases(sets jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  s jsonb;
  n jsonb;
  txt text;
  v_seq bigint;
  v_no text;
  numbers jsonb := '{}';
BEGIN
  FOR n IN SELECT e->'caseNo' FROM jsonb_array_elements(sets) e WHERE e ? 'caseNo' LOOP
    INSERT INTO case_no_sequence AS q (region, day, last_value) VALUES (n->>'region', n->>'day', 1)
      ON CONFLICT (region, day) DO UPDATE SET last_value = q.last_value + 1
      RETURNING last_value INTO v_seq;
    v_no := array_to_string(ARRAY(SELECT jsonb_array_elements_text(n->'parts')), lpad(v_seq::text, (n->>'width')::int, '0'));
    txt := replace(coalesce(txt, sets::text), n->>'placeholder', v_no);
    numbers := numbers || jsonb_build_object(n->>'placeholder', v_no);
  END LOOP;
  IF txt IS NOT NULL THEN sets := txt::jsonb; END IF;

  -- New cases first: a child opened by a case created in the same command refers to it.
  FOR s IN SELECT value FROM jsonb_array_elements(sets) LOOP
    IF s ? 'insertCase' THEN
      INSERT INTO approval_case (id, case_no, query_code, region_code, department, item_code, item_name, item_version,
        process_definition_id, process_key, process_version, business_key, status, status_code, result_phase,
        handling_type, is_tolerance, channel, applicant, agent, materials, engine_state, clocks, time_state,
        legal_due_at, promised_due_at, received_at, accepted_at, decision_at, created_by, created_at, updated_at,
        ended_at, version, event_seq, parent_case_id, parent_call_id)
      SELECT id, case_no, query_code, region_code, department, item_code, item_name, item_version,
        process_definition_id, process_key, process_version, business_key, status, status_code, result_phase,
        handling_type, is_tolerance, channel, applicant, agent, materials, engine_state, clocks, time_state,
        legal_due_at, promised_due_at, received_at, accepted_at, decision_at, created_by, created_at, updated_at,
        ended_at, version, event_seq, parent_case_id, parent_call_id
      FROM jsonb_populate_record(null::approval_case, s->'insertCase');
    END IF;
  END LOOP;

  FOR s IN SELECT value FROM jsonb_array_elements(sets) LOOP
    IF s ? 'updateCase' THEN
      UPDATE approval_case c SET engine_state = r.engine_state, status = r.status, status_code = r.status_code,
        accepted_at = r.accepted_at, decision_at = r.decision_at, ended_at = r.ended_at, is_tolerance = r.is_tolerance,
        clocks = r.clocks, legal_due_at = r.legal_due_at, promised_due_at = r.promised_due_at,
        time_state = r.time_state, result_phase = r.result_phase, materials = r.materials, updated_at = r.updated_at,
        event_seq = r.event_seq, version = r.version + 1
      FROM jsonb_populate_record(null::approval_case, s->'updateCase') r
      WHERE c.id = r.id AND c.version = r.version;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'case % changed under its command', s->'updateCase'->>'id' USING ERRCODE = '40001';
      END IF;
    END IF;

    INSERT INTO work_item (id, case_id, case_no, kind, element_id, name, step, state, assignee, owner,
      candidate_departments, candidate_roles, candidate_users, outcomes, silence_consent, multi_instance,
      joint_opinions, topic, retries, due_at, created_at)
    SELECT id, case_id, case_no, kind, element_id, name, step, state, assignee, owner,
      coalesce(candidate_departments, '{}'), coalesce(candidate_roles, '{}'), coalesce(candidate_users, '{}'),
      coalesce(outcomes, '{}'), coalesce(silence_consent, false), multi_instance, joint_opinions, topic, retries,
      due_at, created_at
    FROM jsonb_populate_recordset(null::work_item, coalesce(s->'insertItems', '[]'));

    -- Patches carry only the columns they change: a worker's lock taken meanwhile is not overwritten.
    UPDATE work_item w SET
      state = CASE WHEN p ? 'state' THEN r.state ELSE w.state END,
      assignee = CASE WHEN p ? 'assignee' THEN r.assignee ELSE w.assignee END,
      owner = CASE WHEN p ? 'owner' THEN r.owner ELSE w.owner END,
      candidate_departments = CASE WHEN p ? 'candidate_departments' THEN r.candidate_departments ELSE w.candidate_departments END,
      outcome = CASE WHEN p ? 'outcome' THEN r.outcome ELSE w.outcome END,
      opinion = CASE WHEN p ? 'opinion' THEN r.opinion ELSE w.opinion END,
      worker_id = CASE WHEN p ? 'worker_id' THEN r.worker_id ELSE w.worker_id END,
      lock_expires_at = CASE WHEN p ? 'lock_expires_at' THEN r.lock_expires_at ELSE w.lock_expires_at END,
      retries = CASE WHEN p ? 'retries' THEN r.retries ELSE w.retries END,
      error_message = CASE WHEN p ? 'error_message' THEN r.error_message ELSE w.error_message END,
      completed_at = CASE WHEN p ? 'completed_at' THEN r.completed_at ELSE w.completed_at END,
      completed_by = CASE WHEN p ? 'completed_by' THEN r.completed_by ELSE w.completed_by END
    FROM jsonb_array_elements(coalesce(s->'patchItems', '[]')) AS x(p)
      CROSS JOIN LATERAL jsonb_populate_record(null::work_item, x.p) AS r
    WHERE w.id = r.id;

    INSERT INTO job (id, case_id, kind, element_id, due_at, payload)
    SELECT id, case_id, kind, element_id, due_at, payload
    FROM jsonb_populate_recordset(null::job, coalesce(s->'insertJobs', '[]'));
    UPDATE job SET state = 'cancelled', done_at = (s->>'now')::timestamptz
    WHERE id IN (SELECT jsonb_array_elements_text(coalesce(s->'cancelJobs', '[]'))::uuid) AND state = 'scheduled';

    INSERT INTO message_subscription (id, case_id, element_id, message_name, correlation_key)
    SELECT id, case_id, element_id, message_name, correlation_key
    FROM jsonb_populate_recordset(null::message_subscription, coalesce(s->'openSubscriptions', '[]'));
    DELETE FROM message_subscription
    WHERE id IN (SELECT jsonb_array_elements_text(coalesce(s->'closeSubscriptions', '[]'))::uuid);

    -- In seq order, one case at a time: the timeline's own triggers may rely on it.
    INSERT INTO case_event (case_id, seq, type, element_id, name, actor_id, actor_name, actor_department,
      status_after, status_code_after, opinion, source, data, idempotency_key, occurred_at)
    SELECT case_id, seq, type, element_id, name, actor_id, actor_name, actor_department, status_after,
      status_code_after, opinion, source, data, idempotency_key, occurred_at
    FROM jsonb_populate_recordset(null::case_event, coalesce(s->'timeline', '[]'))
    ORDER BY seq;

    INSERT INTO outbox_event (id, case_id, type, payload, occurred_at)
    SELECT r.id, r.case_id, r.type, r.payload, r.occurred_at
    FROM jsonb_array_elements(coalesce(s->'outbox', '[]')) WITH ORDINALITY AS x(v, i)
      CROSS JOIN LATERAL jsonb_populate_record(null::outbox_event, x.v) AS r
    ORDER BY x.i;

    INSERT INTO supervision_alert (id, case_id, case_no, region_code, department, item_code, element_id, task_id,
      level, trigger_code, dedup_key, occurred_at, detected_at, due_to_respond_at, resolved_at, escalated_from_id, data)
    SELECT id, case_id, case_no, region_code, department, item_code, element_id, task_id, level, trigger_code,
      dedup_key, occurred_at, detected_at, due_to_respond_at, resolved_at, escalated_from_id, coalesce(data, '{}')
    FROM jsonb_populate_recordset(null::supervision_alert, coalesce(s->'raiseAlerts', '[]'))
    ON CONFLICT (case_id, dedup_key) DO NOTHING;
    UPDATE supervision_alert SET resolved_at = (s->>'now')::timestamptz
    WHERE id IN (SELECT jsonb_array_elements_text(coalesce(s->'resolveAlerts', '[]'))::uuid) AND resolved_at IS NULL;

    -- Tables a feature writes through the change set without a section of their own (see tb_write_rows).
    IF s ? 'rows' THEN PERFORM tb_write_rows(s->'rows'); END IF;
  END LOOP;
  RETURN numbers;
END
$fn$`;

/**
 * A generic section of the change set (ADR 0012): `rows` upserts, patches or deletes rows of any
 * table registered in `tb_change_set_table`, by its key columns. New features (pauses, extension
 * requests, copies, urges, proxies …) register their tables here and are written by the command's
 * one write, without growing `tb_write_cases` each time. Only the columns present in a row are
 * written: absent ones keep their default on insert and their value on update.
 */
export class ChangeSetRows1764303000000 implements MigrationInterface {
  name = 'ChangeSetRows1764303000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tb_change_set_table (
      name text PRIMARY KEY,
      key_columns text[] NOT NULL CHECK (cardinality(key_columns) > 0)
    )`);
    // A case column added by a feature is patched through rows too; the version guard stays with updateCase.
    await q.query(`INSERT INTO tb_change_set_table (name, key_columns) VALUES ('approval_case', '{id}')`);
    await q.query(`
CREATE OR REPLACE FUNCTION tb_write_rows(ops jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  op jsonb;
  r jsonb;
  keys text[];
  cols text;
  sets text;
  excluded text;
  key_match text;
BEGIN
  FOR op IN SELECT value FROM jsonb_array_elements(ops) LOOP
    SELECT key_columns INTO keys FROM tb_change_set_table WHERE name = op->>'table';
    IF keys IS NULL THEN
      RAISE EXCEPTION 'table % is not written by change sets', op->>'table' USING ERRCODE = '42P01';
    END IF;
    SELECT string_agg(format('t.%1$I = r.%1$I', k), ' AND ') INTO key_match FROM unnest(keys) k;
    FOR r IN SELECT value FROM jsonb_array_elements(coalesce(op->'rows', '[]')) LOOP
      IF op->>'op' = 'delete' THEN
        EXECUTE format('DELETE FROM %I t USING jsonb_populate_record(null::%I, $1) r WHERE %s',
          op->>'table', op->>'table', key_match) USING r;
        CONTINUE;
      END IF;
      SELECT string_agg(quote_ident(k), ', ' ORDER BY k),
             string_agg(format('%1$I = r.%1$I', k), ', ' ORDER BY k) FILTER (WHERE NOT k = ANY (keys)),
             string_agg(format('%1$I = EXCLUDED.%1$I', k), ', ' ORDER BY k) FILTER (WHERE NOT k = ANY (keys))
        INTO cols, sets, excluded FROM jsonb_object_keys(r) k;
      IF op->>'op' = 'update' THEN
        -- A patch of an existing row: NOT NULL columns it leaves out are not touched.
        IF sets IS NOT NULL THEN
          EXECUTE format('UPDATE %I t SET %s FROM jsonb_populate_record(null::%I, $1) r WHERE %s',
            op->>'table', sets, op->>'table', key_match) USING r;
        END IF;
      ELSE
        EXECUTE format('INSERT INTO %I AS t (%s) SELECT %s FROM jsonb_populate_record(null::%I, $1) r ON CONFLICT (%s) DO %s',
          op->>'table', cols, cols, op->>'table',
          (SELECT string_agg(quote_ident(k), ', ') FROM unnest(keys) k),
          CASE WHEN excluded IS NULL THEN 'NOTHING' ELSE 'UPDATE SET ' || excluded END) USING r;
      END IF;
    END LOOP;
  END LOOP;
END
$fn$`);
    await q.query(WRITE_CASES_WITH_ROWS);
  }

  async down(q: QueryRunner): Promise<void> {
    // The previous tb_write_cases (which ignores `rows`) is restored by its own migration, not by a copy.
    await new CaseWriteFunction1764300900000().up(q);
    await q.query('DROP FUNCTION tb_write_rows(jsonb)');
    await q.query('DROP TABLE tb_change_set_table');
  }
}
