import type { MigrationInterface, QueryRunner } from 'typeorm';
import { WRITE_CASES_WITH_ROWS } from './1764303000000-ChangeSetRows.js';

/**
 * `tb_write_cases` again, with the same change-set format and effects, planned for the hot path
 * (docs/benchmarks.md, "Plans, not round trips"). A migration installs the function whole: the earlier
 * migrations' copies are history and stay as shipped. What changed:
 * - The item patches joined `work_item` with the patch array in one statement. Its plan is cached
 *   per session, and the planner, guessing 100 rows for a JSON array, chose a hash join over a
 *   sequential scan of `work_item`: each completion read every work item ever written. Patches
 *   are now applied one by one through the primary key.
 * - Lists of ids (jobs cancelled, subscriptions closed, alerts resolved) are applied one id at a
 *   time too: with `id IN (list)` the planner also scanned a partial index of every scheduled job
 *   (`job_due`, matched by `state = 'scheduled'`) and intersected the two.
 * - A section with nothing in it runs no statement: a completion used to run fifteen, most on
 *   empty arrays, each with its executor start-up and (for the timeline) trigger set-up.
 */
export class WritePlansByIndex1764303900000 implements MigrationInterface {
  name = 'WritePlansByIndex1764303900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE OR REPLACE FUNCTION tb_write_cases(sets jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  s jsonb;
  n jsonb;
  p jsonb;
  v_id uuid;
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

    IF jsonb_array_length(coalesce(s->'insertItems', '[]')) > 0 THEN
      INSERT INTO work_item (id, case_id, case_no, kind, element_id, name, step, state, assignee, owner,
        candidate_departments, candidate_roles, candidate_users, outcomes, silence_consent, multi_instance,
        joint_opinions, topic, retries, due_at, created_at)
      SELECT id, case_id, case_no, kind, element_id, name, step, state, assignee, owner,
        coalesce(candidate_departments, '{}'), coalesce(candidate_roles, '{}'), coalesce(candidate_users, '{}'),
        coalesce(outcomes, '{}'), coalesce(silence_consent, false), multi_instance, joint_opinions, topic, retries,
        due_at, created_at
      FROM jsonb_populate_recordset(null::work_item, s->'insertItems');
    END IF;

    -- Patches carry only the columns they change: a worker's lock taken meanwhile is not overwritten.
    FOR p IN SELECT value FROM jsonb_array_elements(coalesce(s->'patchItems', '[]')) LOOP
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
      FROM jsonb_populate_record(null::work_item, p) AS r
      WHERE w.id = (p->>'id')::uuid;
    END LOOP;

    IF jsonb_array_length(coalesce(s->'insertJobs', '[]')) > 0 THEN
      INSERT INTO job (id, case_id, kind, element_id, due_at, payload)
      SELECT id, case_id, kind, element_id, due_at, payload
      FROM jsonb_populate_recordset(null::job, s->'insertJobs');
    END IF;
    FOR v_id IN SELECT jsonb_array_elements_text(coalesce(s->'cancelJobs', '[]'))::uuid LOOP
      UPDATE job SET state = 'cancelled', done_at = (s->>'now')::timestamptz WHERE id = v_id AND state = 'scheduled';
    END LOOP;

    IF jsonb_array_length(coalesce(s->'openSubscriptions', '[]')) > 0 THEN
      INSERT INTO message_subscription (id, case_id, element_id, message_name, correlation_key)
      SELECT id, case_id, element_id, message_name, correlation_key
      FROM jsonb_populate_recordset(null::message_subscription, s->'openSubscriptions');
    END IF;
    FOR v_id IN SELECT jsonb_array_elements_text(coalesce(s->'closeSubscriptions', '[]'))::uuid LOOP
      DELETE FROM message_subscription WHERE id = v_id;
    END LOOP;

    -- In seq order, one case at a time: the timeline's own triggers may rely on it.
    IF jsonb_array_length(coalesce(s->'timeline', '[]')) > 0 THEN
      INSERT INTO case_event (case_id, seq, type, element_id, name, actor_id, actor_name, actor_department,
        status_after, status_code_after, opinion, source, data, idempotency_key, occurred_at)
      SELECT case_id, seq, type, element_id, name, actor_id, actor_name, actor_department, status_after,
        status_code_after, opinion, source, data, idempotency_key, occurred_at
      FROM jsonb_populate_recordset(null::case_event, s->'timeline')
      ORDER BY seq;
    END IF;

    IF jsonb_array_length(coalesce(s->'outbox', '[]')) > 0 THEN
      INSERT INTO outbox_event (id, case_id, type, payload, occurred_at)
      SELECT r.id, r.case_id, r.type, r.payload, r.occurred_at
      FROM jsonb_array_elements(s->'outbox') WITH ORDINALITY AS x(v, i)
        CROSS JOIN LATERAL jsonb_populate_record(null::outbox_event, x.v) AS r
      ORDER BY x.i;
    END IF;

    IF jsonb_array_length(coalesce(s->'raiseAlerts', '[]')) > 0 THEN
      INSERT INTO supervision_alert (id, case_id, case_no, region_code, department, item_code, element_id, task_id,
        level, trigger_code, dedup_key, occurred_at, detected_at, due_to_respond_at, resolved_at, escalated_from_id, data)
      SELECT id, case_id, case_no, region_code, department, item_code, element_id, task_id, level, trigger_code,
        dedup_key, occurred_at, detected_at, due_to_respond_at, resolved_at, escalated_from_id, coalesce(data, '{}')
      FROM jsonb_populate_recordset(null::supervision_alert, s->'raiseAlerts')
      ON CONFLICT (case_id, dedup_key) DO NOTHING;
    END IF;
    FOR v_id IN SELECT jsonb_array_elements_text(coalesce(s->'resolveAlerts', '[]'))::uuid LOOP
      UPDATE supervision_alert SET resolved_at = (s->>'now')::timestamptz WHERE id = v_id AND resolved_at IS NULL;
    END LOOP;

    -- Tables a feature writes through the change set without a section of their own (see tb_write_rows).
    IF jsonb_array_length(coalesce(s->'rows', '[]')) > 0 THEN PERFORM tb_write_rows(s->'rows'); END IF;
  END LOOP;
  RETURN numbers;
END
$fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The previous tb_write_cases is restored by its own migration, not by a copy.
    await q.query(WRITE_CASES_WITH_ROWS);
  }
}
