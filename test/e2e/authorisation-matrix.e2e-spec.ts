import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  AUTHORISATION_TABLE,
  isAllowed,
  ROUTE_ACTIONS,
  routeRoles,
  TABLE_ROLES,
} from '../../src/shared/auth/authorisation-table.js';
import {
  CASE_BODIES,
  CASE_POSITIONS,
  CO,
  type Expected,
  expectation,
  HTTP_METHODS,
  ID_NUMBER,
  LEAD,
  MATRIX_BPMN,
  mismatch,
  OUTSIDER,
  type Position,
  STAFF_ROLES,
  TASK_POSITIONS,
  TASK_VARIANTS,
  WINDOW_DEPT,
  withOversight,
} from '../support/authorisation-matrix.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The authorisation matrix: every route of the OpenAPI document, called by every role in every relation
 * to a case or task, answers what the authorisation table says — 403 AUTH.ROLE_MISSING for a role the
 * route does not admit, 404 for a caller with no relation (ids cannot be probed), 403
 * AUTH.FORBIDDEN_ACTION for a relation the table does not allow, and otherwise anything but a refusal.
 * The expectations come from the table; the route list comes from the served OpenAPI document.
 *
 * The case under test is cancelled once its relations are set up, so every allowed action answers
 * with a domain conflict (409) and nothing moves: one fixture serves all cells.
 */
describe('authorisation matrix: every route × role × relation against the table', () => {
  // Each cell is one HTTP call: thousands per test. On a busy machine that takes longer than the default.
  jest.setTimeout(300_000);
  let t: TestApp;
  let operations: { method: string; path: string; extension?: string }[];
  let caseId: string;
  const tasks: Record<string, string> = {};
  const systemKeys: Record<string, string> = {};
  const admin = () => t.token({ roles: ['admin'], sub: 'mx-admin' });

  const call = (method: string, url: string, auth: Record<string, string>, body?: Record<string, unknown>) => {
    let req = t.http()[method.toLowerCase() as 'get'](url);
    for (const [h, v] of Object.entries(auth)) req = req.set(h, v);
    return method === 'GET' || method === 'DELETE' ? req : req.send(body ?? {});
  };
  const bearer = (roles: string[], p: { dept?: string; sub?: string }) => ({
    Authorization: `Bearer ${t.token({ roles, ...(p.dept ? { dept: p.dept } : {}), sub: p.sub ?? `mx-${roles[0]}-${p.dept ?? 'none'}` })}`,
  });
  const authFor = (role: string, p: Position): Record<string, string> | null => {
    if (role !== 'system') return bearer([role], p);
    const key = p.system && p.dept ? systemKeys[p.dept] : undefined;
    return key ? { 'X-Api-Key': key } : null;
  };
  const ok = async (
    res: Promise<{ status: number; body: unknown }> | { status: number; body: unknown },
    status: number,
  ) => {
    const r = await res;
    if (r.status !== status) throw new Error(`setup: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, unknown>;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const doc = (await t.http().get('/docs-json')).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      HTTP_METHODS.filter((m) => item[m]).map((m) => ({
        method: m.toUpperCase(),
        path,
        extension: item[m]!['x-tongban-action'] as string | undefined,
      })),
    );
    const processAdmin = t.token({ roles: ['process-admin'], sub: 'mx-pa' });
    await ok(
      t
        .http()
        .post('/api/v1/process-definitions')
        .set('Authorization', `Bearer ${processAdmin}`)
        .type('application/xml')
        .send(MATRIX_BPMN),
      201,
    );
    const created = await ok(
      call('POST', '/api/v1/cases', bearer(['window'], { dept: WINDOW_DEPT, sub: 'mx-creator' }), {
        processKey: 'authz-matrix',
        department: LEAD,
        applicant: {
          type: 'NATURAL_PERSON',
          name: '李四',
          idType: 'ID_CARD',
          idNumber: ID_NUMBER,
          phone: '13700137000',
        },
      }),
      201,
    );
    caseId = created.id as string;
    const list = await ok(
      call('GET', `/api/v1/tasks?caseId=${caseId}&scope=all`, { Authorization: `Bearer ${admin()}` }),
      200,
    );
    for (const task of list.items as { id: string; elementId: string }[]) tasks[task.elementId] = task.id;
    // lead-b: claimed by its owner and delegated within the department; lead-c: given by an admin to a person outside.
    const owner = bearer(['handler'], { dept: LEAD, sub: 'mx-owner' });
    await ok(call('POST', `/api/v1/tasks/${tasks['lead-b']}/claim`, owner), 200);
    await ok(call('POST', `/api/v1/tasks/${tasks['lead-b']}/delegate`, owner, { assignee: 'mx-assignee' }), 200);
    await ok(
      call(
        'POST',
        `/api/v1/tasks/${tasks['lead-c']}/transfer`,
        { Authorization: `Bearer ${admin()}` },
        { assignee: 'mx-participant' },
      ),
      200,
    );
    // mx-copied: the case is copied to them (抄送), their only relation to it.
    await ok(
      call(
        'POST',
        `/api/v1/tasks/${tasks['lead-a']}/cc`,
        { Authorization: `Bearer ${admin()}` },
        { users: ['mx-copied'] },
      ),
      201,
    );
    CASE_BODIES['case.urge'] = { ...CASE_BODIES['case.urge'], taskId: tasks['lead-a'] };
    await ok(
      call('POST', `/api/v1/cases/${caseId}/cancel`, { Authorization: `Bearer ${admin()}` }, { reason: '矩阵测试' }),
      200,
    );
    for (const dept of [LEAD, CO, OUTSIDER]) {
      const key = await ok(
        call(
          'POST',
          '/api/v1/api-keys',
          { Authorization: `Bearer ${admin()}` },
          {
            name: `mx ${dept}`,
            department: dept,
            scopes: ['messages:write', 'external-tasks', 'webhooks', 'cases:read'],
          },
        ),
        201,
      );
      systemKeys[dept] = key.secret as string;
    }
  });
  afterAll(() => t.close());

  it('has one table row for every route of the OpenAPI document, and no row for a route that does not exist', () => {
    const served = operations.map((o) => `${o.method} ${o.path}`).sort();
    expect(served.filter((r) => !(r in ROUTE_ACTIONS))).toEqual([]);
    expect(Object.keys(ROUTE_ACTIONS).filter((r) => !served.includes(r))).toEqual([]);
    for (const o of operations.filter((x) => x.extension))
      expect([o.path, o.extension]).toEqual([o.path, ROUTE_ACTIONS[`${o.method} ${o.path}`]]);
    // Every case or task action is declared on its route, so its roles come from the table.
    for (const o of operations) {
      const rule = AUTHORISATION_TABLE[ROUTE_ACTIONS[`${o.method} ${o.path}`]!];
      if (rule.on === 'case' || rule.on === 'task')
        expect([o.path, o.extension]).toEqual([o.path, ROUTE_ACTIONS[`${o.method} ${o.path}`]]);
    }
  });

  it('admits to every route exactly the roles the table gives it', async () => {
    const fill = (path: string) =>
      path
        .replace(/\{(id|pid|deliveryId)\}/g, () => randomUUID())
        .replace('{region}', 'CN')
        .replace('{year}', '2026')
        .replace(/\{\w+\}/g, 'MX-NONE');
    const failures: string[] = [];
    for (const o of operations) {
      const action = ROUTE_ACTIONS[`${o.method} ${o.path}`]!;
      const rule = AUTHORISATION_TABLE[action];
      // Without any credentials only the public routes answer.
      const anonymous = await call(o.method, fill(o.path), {}, {});
      const refusedAnonymous = anonymous.status === 401 && anonymous.body.code === 'AUTH.UNAUTHENTICATED';
      if (refusedAnonymous === (rule.on === 'public'))
        failures.push(`${o.method} ${o.path} without a token: ${anonymous.status} ${anonymous.body.code ?? ''}`);
      for (const role of TABLE_ROLES) {
        const auth = role === 'system' ? { 'X-Api-Key': systemKeys[LEAD]! } : bearer([role], { dept: LEAD });
        const res = await call(o.method, fill(o.path), auth, {});
        const got = { status: res.status, code: (res.body as { code?: string }).code };
        const admitted = rule.on === 'public' || routeRoles(action).includes(role);
        const e: Expected = admitted ? { kind: 'allowed' } : { kind: 'role-missing' };
        // Without a case or task relation a random id answers 404 or a validation error: not a refusal.
        const m = admitted
          ? got.status === 401 || got.status === 403 || got.status >= 500
            ? 'refused or failed'
            : null
          : mismatch(e, got);
        if (m) failures.push(`${o.method} ${o.path} as ${role}: ${m} (${got.status} ${got.code ?? ''})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers every case route as the table says for every role and relation to the case', async () => {
    const failures: string[] = [];
    const caseRoutes = operations.filter(
      (o) => AUTHORISATION_TABLE[ROUTE_ACTIONS[`${o.method} ${o.path}`]!].on === 'case',
    );
    expect(caseRoutes.length).toBeGreaterThanOrEqual(10);
    for (const o of caseRoutes) {
      const action = ROUTE_ACTIONS[`${o.method} ${o.path}`]!;
      const url = o.path.replace('{id}', caseId).replace('{pid}', randomUUID());
      for (const role of TABLE_ROLES) {
        for (const p of CASE_POSITIONS) {
          const auth = authFor(role, p);
          if (!auth) continue;
          const relations = role === 'system' ? p.caseRelations : withOversight(role, p.caseRelations);
          const e = expectation(action, role, relations);
          const res = await call(o.method, url, auth, CASE_BODIES[action]);
          const got = { status: res.status, code: (res.body as { code?: string }).code };
          const m = mismatch(e, got);
          if (m) failures.push(`${o.method} ${o.path} as ${role} (${p.name}): ${m}`);
          if (!m && e.kind === 'allowed' && action === 'case.read') {
            const unmasked = (res.body as { applicant: { idNumber: string } }).applicant.idNumber === ID_NUMBER;
            if (unmasked !== isAllowed('case.pii', [role === 'system' ? 'system' : role], new Set(relations)))
              failures.push(
                `GET case as ${role} (${p.name}): id number ${unmasked ? 'unmasked' : 'masked'} against the table`,
              );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('finds the case by id number only for the roles and relations that may see it unmasked', async () => {
    const failures: string[] = [];
    for (const role of routeRoles('case.list')) {
      for (const p of CASE_POSITIONS) {
        const auth = authFor(role, p);
        if (!auth) continue;
        const relations = role === 'system' ? p.caseRelations : withOversight(role, p.caseRelations);
        const res = await call('GET', `/api/v1/cases?applicant=${ID_NUMBER}&limit=200`, auth);
        const found =
          res.status === 200 && (res.body as { items: { id: string }[] }).items.some((c) => c.id === caseId);
        if (found !== isAllowed('case.pii', [role], new Set(relations)))
          failures.push(`${role} (${p.name}): ${found ? 'found' : 'not found'} (${res.status})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers every task route as the table says for every role and relation to the task', async () => {
    const failures: string[] = [];
    const taskRoutes = operations.filter(
      (o) => AUTHORISATION_TABLE[ROUTE_ACTIONS[`${o.method} ${o.path}`]!].on === 'task',
    );
    expect(taskRoutes.length).toBeGreaterThanOrEqual(7);
    for (const o of taskRoutes) {
      const action = ROUTE_ACTIONS[`${o.method} ${o.path}`]!;
      const variants = TASK_VARIANTS[action];
      if (!variants) {
        failures.push(`${o.method} ${o.path}: no request variant for ${action}`);
        continue;
      }
      for (const v of variants) {
        for (const role of STAFF_ROLES) {
          for (const p of TASK_POSITIONS) {
            const taskDept = p.task === 'co-a' ? CO : LEAD;
            const e = expectation(
              action,
              role,
              withOversight(role, p.taskRelations ?? []),
              v.also ? { action: v.also, relations: withOversight(role, p.caseRelations) } : undefined,
            );
            const res = await call(
              o.method,
              o.path.replace('{id}', tasks[p.task!]!),
              bearer([role], p),
              v.body({ department: taskDept }),
            );
            const m = mismatch(e, { status: res.status, code: (res.body as { code?: string }).code });
            if (m) failures.push(`${o.method} ${o.path} ${v.label} as ${role} (${p.name}): ${m}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
