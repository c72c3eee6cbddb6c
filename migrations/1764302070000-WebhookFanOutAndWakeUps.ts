import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The webhooks a new outbox row goes to (ADR 0007): same rule as the old after-commit fan-out. */
const FAN_OUT_ONE = `
  INSERT INTO webhook_delivery (id, webhook_id, event_id, event_seq, event_type, case_id, next_attempt_at)
  SELECT gen_random_uuid(), w.id, o.id, o.seq, o.type, o.case_id, now()
    FROM outbox_event o
    LEFT JOIN approval_case c ON c.id = o.case_id
    JOIN webhook w ON w.deleted_at IS NULL AND o.type = ANY (w.events)
   WHERE o.id = $1
     AND (w.department IS NULL OR c.department = w.department OR o.payload ->> 'department' = w.department
          OR EXISTS (SELECT 1 FROM work_item wi WHERE wi.case_id = o.case_id AND w.department = ANY (wi.candidate_departments)))
  ON CONFLICT (webhook_id, event_id) DO NOTHING`;

/**
 * Quiet when idle (ADR 0009):
 * - webhook deliveries are written by the transaction that writes the outbox row, through a trigger
 *   (deferred to commit, so it sees the case's work items whatever order the command wrote them in),
 *   and only for subscribed webhooks; a BEFORE trigger stamps dispatched_at, so no poller looks at
 *   the outbox any more;
 * - job (due within a minute), redelivered/skipped delivery and calendar changes pg_notify the nodes
 *   (delivered at commit, once per transaction and payload) instead of every node polling every
 *   200–250 ms; the command path itself notifies only for jobs due that soon;
 * - an index on running jobs, so a node can find the next lease to expire cheaply;
 * - an index on dead deliveries: a dead delivery holds the later events of its case for its webhook;
 * - first_attempt_at: the retry budget runs from a delivery's first attempt, not from its creation,
 *   so an event that waited behind an earlier one of its case still gets the whole budget.
 */
export class WebhookFanOutAndWakeUps1764302070000 implements MigrationInterface {
  name = 'WebhookFanOutAndWakeUps1764302070000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tongban_outbox_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.dispatched_at := coalesce(NEW.dispatched_at, now());
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION tongban_webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${FAN_OUT_ONE.replace('$1', 'NEW.id')};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_event_stamp BEFORE INSERT ON outbox_event
        FOR EACH ROW EXECUTE FUNCTION tongban_outbox_stamp()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER outbox_event_fan_out AFTER INSERT ON outbox_event
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tongban_webhook_fan_out()`);
    // Events committed before this migration and not yet fanned out by the old dispatcher.
    const pending = (await q.query('SELECT id FROM outbox_event WHERE dispatched_at IS NULL ORDER BY seq')) as {
      id: string;
    }[];
    for (const { id } of pending) await q.query(FAN_OUT_ONE, [id]);
    await q.query('UPDATE outbox_event SET dispatched_at = now() WHERE dispatched_at IS NULL');

    // Job wake-ups: the earliest newly scheduled due time (epoch ms), only when it falls within the
    // horizon every runner wakes up within anyway (JOB_WAKE_HORIZON_MS in job-runner.ts): a later job
    // is found by a runner's next pass. NOTIFY serialises committing transactions (a global lock held
    // through the commit), so the common command — a deadline days ahead — must not notify.
    await q.query(`
      CREATE FUNCTION tongban_job_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE due timestamptz;
      BEGIN
        SELECT min(due_at) INTO due FROM changed WHERE state = 'scheduled';
        IF due IS NOT NULL AND due < now() + interval '60 seconds' THEN
          PERFORM pg_notify('tongban_job', floor(extract(epoch FROM due) * 1000)::bigint::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER job_notify_insert AFTER INSERT ON job REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION tongban_job_notify()`);
    await q.query(`
      CREATE TRIGGER job_notify_update AFTER UPDATE ON job REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION tongban_job_notify()`);
    await q.query(`CREATE INDEX job_running ON job (locked_until) WHERE state = 'running'`);

    // Delivery wake-ups for redeliveries and skips (rare, operator actions). New deliveries do not
    // notify from the command's transaction (see above): the committing node wakes its own dispatcher,
    // and a node that does not dispatch notifies its peers after the commit (WebhookWakeUps).
    await q.query(`
      CREATE FUNCTION tongban_delivery_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM changed WHERE state = 'pending' AND attempts = 0)
           OR EXISTS (SELECT 1 FROM changed WHERE state = 'skipped') THEN
          PERFORM pg_notify('tongban_webhook', '');
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER webhook_delivery_notify AFTER UPDATE ON webhook_delivery REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION tongban_delivery_notify()`);
    await q.query('ALTER TABLE webhook_delivery ADD COLUMN first_attempt_at timestamptz');
    // Subscriptions changed: dispatchers refresh which event types are worth waking up for.
    await q.query(`
      CREATE FUNCTION tongban_webhook_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tongban_webhook', 'subscriptions');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER webhook_notify AFTER INSERT OR UPDATE ON webhook
        FOR EACH STATEMENT EXECUTE FUNCTION tongban_webhook_notify()`);
    await q.query(
      `CREATE INDEX webhook_delivery_dead ON webhook_delivery (webhook_id, case_id, event_seq) WHERE state = 'dead'`,
    );

    // Calendar writes: every node drops its cached calendars.
    await q.query(`
      CREATE FUNCTION tongban_calendar_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tongban_calendar', '');
        RETURN NULL;
      END $$`);
    for (const table of ['holiday_calendar', 'calendar_region']) {
      await q.query(`
        CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION tongban_calendar_notify()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['holiday_calendar', 'calendar_region'])
      await q.query(`DROP TRIGGER ${table}_notify ON ${table}`);
    await q.query('DROP TRIGGER webhook_delivery_notify ON webhook_delivery');
    await q.query('DROP TRIGGER webhook_notify ON webhook');
    await q.query('DROP TRIGGER job_notify_update ON job');
    await q.query('DROP TRIGGER job_notify_insert ON job');
    await q.query('DROP TRIGGER outbox_event_fan_out ON outbox_event');
    await q.query('DROP TRIGGER outbox_event_stamp ON outbox_event');
    await q.query('DROP INDEX webhook_delivery_dead, job_running');
    await q.query('ALTER TABLE webhook_delivery DROP COLUMN first_attempt_at');
    await q.query(
      'DROP FUNCTION tongban_calendar_notify(), tongban_webhook_notify(), tongban_delivery_notify(), tongban_job_notify(), ' +
        'tongban_webhook_fan_out(), tongban_outbox_stamp()',
    );
  }
}
