/**
 * Bounded engine work over HTTP: a cycle without a wait state is refused at deployment, and a command that
 * would loop or run a too costly expression is refused with a coded 422 that changes nothing.
 */
import { DEPT, complete, openCase, staff, taskAt, type Staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tb="urn:tongban:bpmn" id="d" targetNamespace="urn:t">`;
const flow = (id: string, from: string, to: string, cond?: string): string =>
  cond
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression>${cond}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

const BUSY = `${HEAD}<bpmn:process id="busy-loop" isExecutable="true"><bpmn:startEvent id="start"/>
  <bpmn:exclusiveGateway id="gA"/><bpmn:exclusiveGateway id="gB"/>
  ${flow('f1', 'start', 'gA')}${flow('f2', 'gA', 'gB')}${flow('f3', 'gB', 'gA')}</bpmn:process></bpmn:definitions>`;

/** Passes the deploy-time check (the inclusive join has an input from outside the loop) but loops when `loop`. */
const GUARDED = `${HEAD}<bpmn:process id="budget-loop" isExecutable="true"><bpmn:startEvent id="start"/>
  <bpmn:userTask id="ask" name="审查" tb:candidateDepartments="${DEPT}" tb:outcomes="approve,reject"/>
  <bpmn:inclusiveGateway id="join"/><bpmn:exclusiveGateway id="again" default="out"/>
  <bpmn:exclusiveGateway id="heavy" default="light"/><bpmn:userTask id="next" tb:candidateDepartments="${DEPT}"/>
  <bpmn:endEvent id="end"/>
  ${flow('f1', 'start', 'ask')}${flow('f2', 'ask', 'join')}${flow('f3', 'join', 'again')}
  ${flow('loop', 'again', 'join', '=loop = true')}${flow('out', 'again', 'heavy')}
  ${flow('costly', 'heavy', 'next', '=count(for i in 1..n, j in 1..n return i) &gt; 0')}${flow('light', 'heavy', 'next')}
  ${flow('f4', 'next', 'end')}</bpmn:process></bpmn:definitions>`;

const item = {
  code: 'T-410100-SJJ-XK-990',
  name: '预算测试事项',
  itemType: 'ADMIN_LICENSE',
  level: 'HANDLING',
  basicCode: '000112001990',
  implementationCode: '11410100MB00000005-XK-990',
  exerciseLevel: 'CITY',
  regionCode: '410100',
  department: DEPT,
  competentDepartment: { code: DEPT, name: '郑州市市场监督管理局' },
  implementingAgency: { name: '郑州市市场监督管理局', regionCode: '410100000000' },
  agencyNature: 'STATUTORY_ORGAN',
  serviceObjects: ['LEGAL_PERSON'],
  handlingType: 'PROMISED',
  legalLimit: { value: 20, unit: 'WD' },
  legalLimitBasis: '《中华人民共和国行政许可法》第四十二条',
  promisedLimit: { value: 10, unit: 'WD' },
  legalBasis: [{ lawName: '《行政许可法》', level: 'LAW', articleNo: '第四十二条' }],
  materials: [{ id: 'm1', name: '申请书', form: 'ORIGINAL', originalCount: 1, copyCount: 0, necessity: 'REQUIRED' }],
  specialProcedures: [],
  isCharged: false,
  toleranceAllowed: false,
  onSiteVisits: 1,
  processKey: 'budget-loop',
  status: 'IN_USE',
  effectiveFrom: '2025-01-01',
};

describe('engine budgets over HTTP', () => {
  let t: TestApp;
  let s: Staff;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    s = staff(t);
    admin = t.token({ roles: ['process-admin'], dept: DEPT });
  });
  afterAll(() => t.close());

  const deploy = (xml: string) =>
    t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', `Bearer ${admin}`)
      .type('application/xml')
      .send(xml);

  it('refuses to deploy a cycle without a wait state, naming its elements', async () => {
    const res = await deploy(BUSY);
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({
        code: 'BPMN.CYCLE_WITHOUT_WAIT_STATE',
        elementId: 'gA',
        message: expect.stringContaining('start → gA → gB → gA'),
      }),
    );
  });

  it('answers 422 for a completion that would loop or run a too costly expression, and changes nothing', async () => {
    expect((await deploy(GUARDED)).status).toBe(201);
    const created = await t.http().post('/api/v1/items').set('Authorization', `Bearer ${admin}`).send(item);
    expect(created.status).toBe(201);
    const c = await openCase(t, s.window, { itemCode: item.code });
    const task = await taskAt(t, s.handler, c.id, 'ask');
    const before = await t.http().get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${s.handler}`);

    const looping = await complete(t, s.handler, task.id, { outcome: 'approve', variables: { loop: true } });
    expect(looping.status).toBe(422);
    expect(looping.headers['content-type']).toContain('application/problem+json');
    expect(looping.body.code).toBe('ENGINE.STEP_BUDGET_EXCEEDED');

    const costly = await complete(t, s.handler, task.id, { outcome: 'approve', variables: { n: 3000 } });
    expect(costly.status).toBe(422);
    expect(costly.body.code).toBe('EXPR.BUDGET_EXCEEDED');

    const after = await t.http().get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${s.handler}`);
    expect(after.body).toEqual(before.body);
    expect((await taskAt(t, s.handler, c.id, 'ask')).id).toBe(task.id);

    const ok = await complete(t, s.handler, task.id, { outcome: 'approve', variables: { n: 10 } });
    expect(ok.status).toBe(200);
    await taskAt(t, s.handler, c.id, 'next');
  });
});

describe('engine budgets set by the environment', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    // Tight enough that the light path (ask → join → again → heavy → next, with the 10×10 expression) exceeds them.
    t = await startTestApp({ env: { ENGINE_MAX_STEPS: '3', ENGINE_MAX_FEEL_ITERATIONS: '50' } });
    s = staff(t);
    const admin = t.token({ roles: ['process-admin'], dept: DEPT });
    const deployed = await t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', `Bearer ${admin}`)
      .type('application/xml')
      .send(GUARDED);
    expect(deployed.status).toBe(201);
    expect((await t.http().post('/api/v1/items').set('Authorization', `Bearer ${admin}`).send(item)).status).toBe(201);
  });
  afterAll(() => t.close());

  it('reads ENGINE_MAX_STEPS and ENGINE_MAX_FEEL_ITERATIONS into the configuration', () => {
    expect(t.config.engineLimits).toEqual({ maxSteps: 3, maxFeelIterations: 50, maxFeelIterationsPerCommand: 100_000 });
  });

  it('refuses a completion the defaults allow once it runs past the configured step budget', async () => {
    const c = await openCase(t, s.window, { itemCode: item.code });
    const task = await taskAt(t, s.handler, c.id, 'ask');
    const steps = await complete(t, s.handler, task.id, { outcome: 'approve', variables: { n: 1 } });
    expect(steps.status).toBe(422);
    expect(steps.body.code).toBe('ENGINE.STEP_BUDGET_EXCEEDED');
    expect((await taskAt(t, s.handler, c.id, 'ask')).id).toBe(task.id);
  });
});
