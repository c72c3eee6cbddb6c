import { randomUUID } from 'node:crypto';
import {
  type Action,
  AUTHORISATION_TABLE,
  isAllowed,
  OVERSIGHT_ROLES,
  ROUTE_ACTIONS,
  routeRoles,
  TABLE_ROLES,
} from '../../src/shared/auth/authorisation-table.js';
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
const LEAD = '410100-MXL'; // handles the case
const CO = '410100-MXC'; // a co-department with its own work item
const WINDOW_DEPT = '410100-MXW'; // the one-stop window clerk who entered the case
const PARTICIPANT_DEPT = '410100-MXP'; // holds a task of the lead's without belonging to the lead
const OUTSIDER = '410100-MXX';
const ID_NUMBER = '410102199203045678';
const STAFF_ROLES = TABLE_ROLES.filter((r) => r !== 'system');
const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tb="urn:tongban:bpmn" id="d" targetNamespace="urn:t">
  <bpmn:process id="authz-matrix" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>
    <bpmn:parallelGateway id="fork"><bpmn:incoming>f0</bpmn:incoming><bpmn:outgoing>f1</bpmn:outgoing><bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f4</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:userTask id="lead-a" name="牵头办理"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>g1</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="lead-b" name="牵头委派"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>g2</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="lead-c" name="牵头转办"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>g3</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="co-a" name="协办" tb:candidateDepartments="${CO}"><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>g4</bpmn:outgoing></bpmn:userTask>
    <bpmn:parallelGateway id="join"><bpmn:incoming>g1</bpmn:incoming><bpmn:incoming>g2</bpmn:incoming><bpmn:incoming>g3</bpmn:incoming><bpmn:incoming>g4</bpmn:incoming><bpmn:outgoing>f9</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:endEvent id="end"><bpmn:incoming>f9</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
    <bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="lead-a" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="lead-b" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="lead-c" />
    <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="co-a" />
    <bpmn:sequenceFlow id="g1" sourceRef="lead-a" targetRef="join" />
    <bpmn:sequenceFlow id="g2" sourceRef="lead-b" targetRef="join" />
    <bpmn:sequenceFlow id="g3" sourceRef="lead-c" targetRef="join" />
    <bpmn:sequenceFlow id="g4" sourceRef="co-a" targetRef="join" />
    <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** Where a caller stands: their token's department and id, and the relations that gives them (before oversight). */
interface Position {
  name: string;
  dept?: string;
  sub?: string;
  caseRelations: string[];
  taskRelations?: string[];
  task?: 'lead-a' | 'lead-b' | 'lead-c' | 'co-a';
  /** Department systems (API keys) can stand here too. */
  system?: boolean;
}

const CASE_POSITIONS: Position[] = [
  { name: 'handling department', dept: LEAD, caseRelations: ['handling'], system: true },
  { name: 'co-department', dept: CO, caseRelations: ['co'], system: true },
  { name: 'creator', dept: WINDOW_DEPT, sub: 'mx-creator', caseRelations: ['creator'] },
  { name: 'participant', dept: PARTICIPANT_DEPT, sub: 'mx-participant', caseRelations: ['participant'] },
  { name: 'other department', dept: OUTSIDER, caseRelations: [], system: true },
  { name: 'no department', caseRelations: [] },
];

const TASK_POSITIONS: Position[] = [
  { name: 'candidate', dept: LEAD, task: 'lead-a', taskRelations: ['candidate'], caseRelations: ['handling'] },
  {
    name: 'assignee',
    dept: LEAD,
    sub: 'mx-assignee',
    task: 'lead-b',
    taskRelations: ['assignee'],
    caseRelations: ['handling'],
  },
  {
    name: 'owner',
    dept: LEAD,
    sub: 'mx-owner',
    task: 'lead-b',
    taskRelations: ['owner', 'colleague'],
    caseRelations: ['handling'],
  },
  { name: 'colleague', dept: LEAD, task: 'lead-b', taskRelations: ['colleague'], caseRelations: ['handling'] },
  { name: 'co-department candidate', dept: CO, task: 'co-a', taskRelations: ['candidate'], caseRelations: ['co'] },
  {
    name: 'participant',
    dept: PARTICIPANT_DEPT,
    sub: 'mx-participant',
    task: 'lead-c',
    taskRelations: ['participant'],
    caseRelations: ['participant'],
  },
  { name: 'co-department on the lead task', dept: CO, task: 'lead-a', taskRelations: [], caseRelations: ['co'] },
  { name: 'other department', dept: OUTSIDER, task: 'lead-a', taskRelations: [], caseRelations: [] },
  { name: 'no department', task: 'lead-a', taskRelations: [], caseRelations: [] },
];

/** A request variant on a route: its body, and any further action the variant needs (cross-department). */
interface Variant {
  label: string;
  body: (task: { department: string }) => Record<string, unknown>;
  also?: Action;
}

const CASE_BODIES: Record<string, Record<string, unknown>> = {
  'case.withdraw': { reason: '撤件' },
  'case.suspend': { reason: '中止' },
  'case.resume': {},
  'case.cancel': { reason: '撤销' },
  'case.extend': { days: 5, reason: '延期', approvedBy: '局长' },
  'case.special-procedure.start': { type: 'EXPERT_REVIEW', reason: '专家评审' },
  'case.special-procedure.end': { result: '结束' },
  'case.department-status': { statusCode: 8, idempotencyKey: 'mx' },
};

const TASK_VARIANTS: Record<string, Variant[]> = {
  'task.read': [{ label: '', body: () => ({}) }],
  'task.claim': [{ label: '', body: () => ({}) }],
  'task.unclaim': [{ label: '', body: () => ({}) }],
  'task.complete': [{ label: '', body: () => ({ opinion: '同意' }) }],
  'task.return': [{ label: '', body: () => ({ targetElementId: 'lead-a', opinion: '退回' }) }],
  'task.delegate': [
    { label: 'within its department', body: (t) => ({ assignee: 'mx-delegate', department: t.department }) },
    {
      label: 'to another department',
      body: () => ({ assignee: 'mx-delegate', department: OUTSIDER }),
      also: 'task.delegate.cross-department',
    },
  ],
  'task.transfer': [
    { label: 'within its department', body: () => ({ assignee: 'mx-transferee' }) },
    { label: 'to another department', body: () => ({ department: OUTSIDER }), also: 'task.transfer.cross-department' },
  ],
};

type Expected = { kind: 'role-missing' } | { kind: 'not-found' } | { kind: 'forbidden' } | { kind: 'allowed' };

function expectation(
  action: Action,
  role: string,
  relations: string[],
  also?: { action: Action; relations: string[] },
): Expected {
  if (!routeRoles(action).includes(role as never)) return { kind: 'role-missing' };
  if (relations.length === 0) return { kind: 'not-found' };
  const set = new Set(relations);
  if (!isAllowed(action, [role], set)) return { kind: 'forbidden' };
  if (also && !isAllowed(also.action, [role], new Set(also.relations))) return { kind: 'forbidden' };
  return { kind: 'allowed' };
}

function withOversight(role: string, relations: string[]): string[] {
  return OVERSIGHT_ROLES.includes(role as never) ? [...relations, 'oversight'] : relations;
}

interface Outcome {
  status: number;
  code?: string;
}

/** A refusal or its absence, as the table predicts it; returns a description of a mismatch, or null. */
function mismatch(e: Expected, got: Outcome): string | null {
  const ok = (() => {
    switch (e.kind) {
      case 'role-missing':
        return got.status === 403 && (got.code === 'AUTH.ROLE_MISSING' || got.code === 'AUTH.SCOPE_MISSING');
      case 'not-found':
        return got.status === 404 && ['CASE.NOT_FOUND', 'TASK.NOT_FOUND'].includes(got.code ?? '');
      case 'forbidden':
        return got.status === 403 && got.code === 'AUTH.FORBIDDEN_ACTION';
      case 'allowed':
        return (
          got.status < 500 &&
          got.status !== 401 &&
          got.status !== 403 &&
          !['CASE.NOT_FOUND', 'TASK.NOT_FOUND'].includes(got.code ?? '')
        );
    }
  })();
  return ok ? null : `expected ${e.kind}, got ${got.status} ${got.code ?? ''}`;
}

describe('authorisation matrix: every route × role × relation against the table', () => {
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
        .send(BPMN),
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
