import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chains each case's timeline: every `case_event` row stores the hash of the entry before it
 * (`prev_hash`) and its own `hash` = SHA-256(prev_hash || canonical serialisation v1). The hash is
 * computed by a BEFORE INSERT trigger, so it holds whatever code path writes timeline rows. The
 * serialisation is specified in docs/adr/0010-timeline-hash-chain.md (and re-implemented in
 * TypeScript by the verifier, which never calls these functions).
 */
export class TimelineHashChain1764300990000 implements MigrationInterface {
  name = 'TimelineHashChain1764300990000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE case_event ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea');

    // One field: `~` LF for SQL NULL, otherwise `<UTF-8 byte length>:<UTF-8 bytes>` LF (no escaping needed).
    await q.query(`
      CREATE FUNCTION case_event_field(v text) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN v IS NULL THEN convert_to(E'~\\n', 'UTF8')
          ELSE convert_to(octet_length(convert_to(v, 'UTF8'))::text || ':', 'UTF8')
               || convert_to(v, 'UTF8') || convert_to(E'\\n', 'UTF8') END
      $$`);
    // Timestamps as UTC with exactly six fraction digits, independent of the session's TimeZone/DateStyle.
    await q.query(`
      CREATE FUNCTION case_event_instant(t timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
      $$`);
    await q.query(`
      CREATE FUNCTION case_event_canonical(e case_event) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT convert_to(E'tongban.case_event.v1\\n', 'UTF8')
          || case_event_field(e.case_id::text)
          || case_event_field(e.seq::text)
          || case_event_field(e.type)
          || case_event_field(e.element_id)
          || case_event_field(e.name)
          || case_event_field(e.actor_id)
          || case_event_field(e.actor_name)
          || case_event_field(e.actor_department)
          || case_event_field(e.status_after)
          || case_event_field(e.status_code_after::text)
          || case_event_field(e.opinion)
          || case_event_field(e.source)
          || case_event_field(e.data::text)
          || case_event_field(e.idempotency_key)
          || case_event_field(case_event_instant(e.occurred_at))
          || case_event_field(case_event_instant(e.recorded_at))
      $$`);

    // Existing rows, case by case in seq order; the first entry of a case follows 32 zero bytes.
    await q.query(`
      DO $$
      DECLARE
        r record;
        prev bytea;
        current_case uuid;
      BEGIN
        FOR r IN SELECT e.case_id, e.seq, case_event_canonical(e) AS body FROM case_event e ORDER BY e.case_id, e.seq LOOP
          IF current_case IS DISTINCT FROM r.case_id THEN
            current_case := r.case_id;
            prev := decode(repeat('00', 32), 'hex');
          END IF;
          UPDATE case_event SET prev_hash = prev, hash = sha256(prev || r.body)
            WHERE case_id = r.case_id AND seq = r.seq
            RETURNING hash INTO prev;
        END LOOP;
      END $$`);
    await q.query(`
      ALTER TABLE case_event
        ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL,
        ADD CONSTRAINT case_event_hash_length CHECK (octet_length(prev_hash) = 32 AND octet_length(hash) = 32)`);

    await q.query(`
      CREATE FUNCTION case_event_chain() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        last record;
      BEGIN
        -- Commands lock the case row, which already serialises one case's entries; this lock keeps
        -- the chain linear for any other writer too (two writers would otherwise fork it).
        PERFORM pg_advisory_xact_lock(7274623, hashtext(NEW.case_id::text));
        SELECT seq, hash INTO last FROM case_event WHERE case_id = NEW.case_id ORDER BY seq DESC LIMIT 1;
        IF FOUND AND last.seq >= NEW.seq THEN
          -- A duplicate seq is left to the primary key (its usual unique violation); anything else
          -- would insert into the past of the chain.
          IF NOT EXISTS (SELECT 1 FROM case_event WHERE case_id = NEW.case_id AND seq = NEW.seq) THEN
            RAISE EXCEPTION 'timeline entry % of case % is not after its last entry %', NEW.seq, NEW.case_id, last.seq
              USING ERRCODE = 'check_violation';
          END IF;
        END IF;
        NEW.prev_hash := COALESCE(last.hash, decode(repeat('00', 32), 'hex'));
        NEW.hash := sha256(NEW.prev_hash || case_event_canonical(NEW));
        RETURN NEW;
      END $$`);
    await q.query(
      'CREATE TRIGGER case_event_chain BEFORE INSERT ON case_event FOR EACH ROW EXECUTE FUNCTION case_event_chain()',
    );

    // A command may amend the entry it has just written (a department push records what it
    // correlated) — re-hashed, as long as nothing follows it. Any other change keeps the stored
    // hashes, so the verification reports the entry: the chain detects tampering, grants prevent it.
    await q.query(`
      CREATE FUNCTION case_event_amend() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF NEW.case_id = OLD.case_id AND NEW.seq = OLD.seq AND EXISTS (
             SELECT 1 FROM case_event
              WHERE case_id = OLD.case_id AND seq = OLD.seq AND xmin = pg_current_xact_id()::xid) THEN
          IF EXISTS (SELECT 1 FROM case_event WHERE case_id = NEW.case_id AND seq > NEW.seq) THEN
            RAISE EXCEPTION 'timeline entry % of case % has later entries and cannot be amended', NEW.seq, NEW.case_id
              USING ERRCODE = 'check_violation';
          END IF;
          NEW.prev_hash := OLD.prev_hash;
          NEW.hash := sha256(NEW.prev_hash || case_event_canonical(NEW));
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      'CREATE TRIGGER case_event_amend BEFORE UPDATE ON case_event FOR EACH ROW EXECUTE FUNCTION case_event_amend()',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER case_event_amend ON case_event');
    await q.query('DROP TRIGGER case_event_chain ON case_event');
    await q.query('DROP FUNCTION case_event_amend(), case_event_chain()');
    await q.query('ALTER TABLE case_event DROP COLUMN prev_hash, DROP COLUMN hash');
    await q.query(
      'DROP FUNCTION case_event_canonical(case_event), case_event_instant(timestamptz), case_event_field(text)',
    );
  }
}
