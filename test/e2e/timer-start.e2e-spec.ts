import { staff, type Staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, moveClock, serverNow } from '../support/timing-helpers.js';

const CYCLE = (cycle: string): string =>
  bpmn(
    'tb-daily-check',
    `
  <bpmn:startEvent id="every"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
  <bpmn:userTask id="check" name="定期核查" tb:candidateDepartments="410100-SJJ"/>
  <bpmn:endEvent id="end"/>
  <bpmn:sequenceFlow id="f1" sourceRef="every" targetRef="check"/>
  <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end"/>`,
  );

describe('timer start events (a cycle opens cases on schedule)', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
  });
  afterAll(() => t.close());

  const jobs = async (state: string) =>
    (await t.http().get(`/api/v1/admin/jobs?kind=timerStart&state=${state}`).set('Authorization', `Bearer ${s.admin}`))
      .body.items as { dueAt?: string; due_at?: string }[];
  const cases = async () =>
    (await t.http().get('/api/v1/cases?limit=200').set('Authorization', `Bearer ${s.supervisor}`)).body.items.filter(
      (c: { processKey: string }) => c.processKey === 'tb-daily-check',
    ) as { id: string; status: string; openTasks: { elementId: string }[]; itemCode: string }[];

  async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    for (let i = 0; i < 100; i++) {
      const v = await f();
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    return f();
  }

  it('opens one case per occurrence, R2 means two, and a new version replaces the schedule', async () => {
    await deploy(t, s.admin, CYCLE('R2/PT1H'));
    // Cases need a handling department: the item bound to the process gives it.
    const item = await t.http().get('/api/v1/items/410100-SJJ-XK-001').set('Authorization', `Bearer ${s.admin}`);
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...doc } = item.body;
    const bound = await t
      .http()
      .post('/api/v1/items')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ ...doc, code: 'T-410100-SJJ-CHECK', name: '定期核查', processKey: 'tb-daily-check' });
    expect(bound.status).toBe(201);

    const scheduled = await until(
      () => jobs('scheduled'),
      (j) => j.length === 1,
    );
    expect(scheduled).toHaveLength(1);
    const now = await serverNow(t, s.admin);
    expect(await cases()).toHaveLength(0);
    await moveClock(t, s.admin, new Date(now.getTime() + 61 * 60_000));
    const first = await cases();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      itemCode: 'T-410100-SJJ-CHECK',
      openTasks: [expect.objectContaining({ elementId: 'check' })],
    });
    await moveClock(t, s.admin, new Date(now.getTime() + 122 * 60_000));
    expect(await cases()).toHaveLength(2);
    await moveClock(t, s.admin, new Date(now.getTime() + 300 * 60_000));
    expect(await cases()).toHaveLength(2);
    expect(await jobs('scheduled')).toHaveLength(0);

    await deploy(t, s.admin, CYCLE('R/PT1H'));
    await until(
      () => jobs('scheduled'),
      (j) => j.length === 1,
    );
    await deploy(t, s.admin, CYCLE('R/PT2H'));
    const after = await until(
      () => jobs('cancelled'),
      (j) => j.length === 1,
    );
    expect(after).toHaveLength(1);
    expect(await jobs('scheduled')).toHaveLength(1);
  });
});
