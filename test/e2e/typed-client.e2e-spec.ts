/**
 * The typed client in clients/typescript (openapi-typescript + openapi-fetch): its generated types match
 * docs/openapi.json, it compiles, and its example walks a case through the nine steps against a real
 * application listening on a port — each step with the token of the role that does it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DEPT, NINE_STEPS, staff, type Staff } from '../support/case-helpers.js';
import { PROJECT_ROOT, startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);
const CLIENT = path.join(PROJECT_ROOT, 'clients/typescript');

describe('the typed TypeScript client', () => {
  let t: TestApp;
  let s: Staff;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    s = staff(t);
    await t.app.listen(0, '127.0.0.1');
    const { port } = (t.app.getHttpServer() as Server).address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(() => t.close());

  it('has types generated from the committed docs/openapi.json (run `npm run openapi` otherwise)', async () => {
    const { stdout } = await run(process.execPath, [path.join(CLIENT, 'scripts/generate.mjs'), '--check'], {
      cwd: PROJECT_ROOT,
    });
    expect(stdout).toContain('matches docs/openapi.json');
  });

  it('compiles with tsc and walks a case 受理 → 归档 with each role’s token', async () => {
    await run(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', CLIENT], {
      cwd: PROJECT_ROOT,
    });
    const { stdout } = await run(process.execPath, [path.join(CLIENT, 'dist/examples/nine-steps.js')], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        TONGBAN_URL: baseUrl,
        TONGBAN_TOKEN_WINDOW: s.window,
        TONGBAN_TOKEN_HANDLER: s.handler,
        TONGBAN_TOKEN_LEADER: s.leader,
      },
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^接件 case \d{22}: RECEIVED$/);
    expect(lines.slice(1, 10).map((l) => /\((\w+)\) done/.exec(l)?.[1])).toEqual(NINE_STEPS);
    expect(lines[4]).toBe('审批 (approve) done: case is CLOSED_APPROVED');
    const caseId = /^done ([0-9a-f-]{36})$/.exec(lines[lines.length - 1] ?? '')?.[1];
    expect(caseId).toBeDefined();

    // What the example did, as the API shows it.
    const c = await t.http().get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${s.supervisor}`);
    expect(c.body).toMatchObject({ status: 'CLOSED_APPROVED', openTasks: [], endedAt: expect.any(String) });
    const timeline = await t
      .http()
      .get(`/api/v1/cases/${caseId}/timeline?limit=200`)
      .set('Authorization', `Bearer ${s.supervisor}`);
    const completed = timeline.body.items.filter((e: { type: string }) => e.type === 'task.completed');
    expect(completed.map((e: { elementId: string }) => e.elementId)).toEqual(NINE_STEPS);
    const [w, h, l] = ['window', 'handler', 'leader'].map((role) => `${role}-${DEPT}`);
    expect(completed.map((e: { actor: { id: string } }) => e.actor.id)).toEqual([w, h, h, l, h, h, w, h, h]);
  });

  it('gives a refused call the Problem of the document as its typed error', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--input-type=module', '-e', REFUSED_CALL.replace('CLIENT', path.join(CLIENT, 'dist/src/index.js'))],
      { cwd: PROJECT_ROOT, env: { ...process.env, TONGBAN_URL: baseUrl, TONGBAN_TOKEN: s.window } },
    );
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ status: 404, code: 'CASE.NOT_FOUND', data: null });
  });
});

/** A plain script using the compiled client: a case that does not exist. */
const REFUSED_CALL = `
import { createTongbanClient } from 'CLIENT';
const api = createTongbanClient({ baseUrl: process.env.TONGBAN_URL, token: process.env.TONGBAN_TOKEN });
const r = await api.GET('/api/v1/cases/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
console.log(JSON.stringify({ status: r.response.status, code: r.error?.code, data: r.data ?? null }));
`;
