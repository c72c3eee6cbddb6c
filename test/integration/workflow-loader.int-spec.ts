import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { createApp } from '../../src/app.factory.js';
import { WorkflowLoader } from '../../src/modules/workflows/workflow-loader.js';
import { PROJECT_ROOT, startTestApp, type TestApp } from '../support/test-app.js';

const NODES = 4;
const shipped = (sub: string, ext: string): number =>
  fs.readdirSync(path.join(PROJECT_ROOT, 'workflows', sub)).filter((f) => f.endsWith(ext)).length;

describe('loading the shipped workflows when several nodes start together on an empty database', () => {
  let t: TestApp;
  let others: INestApplication[];
  let db: pg.Client;
  const count = async (sql: string): Promise<number> => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
  const loadOnEveryNode = () => Promise.all([t.app, ...others].map((app) => app.get(WorkflowLoader).load()));

  beforeAll(async () => {
    t = await startTestApp();
    others = await Promise.all(
      Array.from({ length: NODES - 1 }, async () => (await createApp(t.config, t.db.url, false)).init()),
    );
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await Promise.all(others.map((app) => app.close()));
    await t.close();
  });

  it('loads without an error and stores one copy of every definition, item and calendar', async () => {
    const summaries = await loadOnEveryNode();
    // Exactly one node created each definition; the others found it there.
    const created = summaries.flatMap((s) => s.definitions.filter((d) => d.created).map((d) => d.key));
    expect(created.length).toBe(new Set(created).size);
    expect(created.length).toBe(shipped('', '.bpmn'));

    expect(await count('SELECT count(*) AS n FROM process_definition')).toBe(shipped('', '.bpmn'));
    expect(await count('SELECT count(DISTINCT key) AS n FROM process_definition')).toBe(shipped('', '.bpmn'));
    expect(await count('SELECT count(*) AS n FROM service_item')).toBe(shipped('items', '.json'));
    expect(await count('SELECT count(*) AS n FROM service_item_version')).toBe(shipped('items', '.json'));
    expect(await count('SELECT count(*) AS n FROM service_item WHERE version <> 1')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM holiday_calendar')).toBe(shipped('calendars', '.json'));
  });

  it('creates nothing more when the nodes restart together', async () => {
    const summaries = await loadOnEveryNode();
    expect(summaries.flatMap((s) => s.definitions).filter((d) => d.created)).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM process_definition')).toBe(shipped('', '.bpmn'));
    expect(await count('SELECT count(*) AS n FROM service_item_version')).toBe(shipped('items', '.json'));
  });
});
