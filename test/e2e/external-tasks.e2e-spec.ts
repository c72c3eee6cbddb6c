import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey, bpmn, caseOf, deploy, flows, sleep, startCase, timelineOf } from './integration-support.js';

const ZRZY = '410100-ZRZY';
const SJJ = '410100-SJJ';

interface Locked {
  id: string;
  caseId: string;
  topicName: string;
  retries: number | null;
  errorMessage: string | null;
  variables: Record<string, unknown>;
}

/** A serviceTask with the topic; a BPMN error DRAWINGS_REJECTED leads to `fix`, success to `decide`. */
const reviewProcess = (key: string, topic: string) =>
  bpmn(
    key,
    `<bpmn:startEvent id="s"/><bpmn:serviceTask id="check-drawings" name="施工图审查" tb:topic="${topic}"/>` +
      '<bpmn:boundaryEvent id="rejected" attachedToRef="check-drawings"><bpmn:errorEventDefinition errorRef="err1"/></bpmn:boundaryEvent>' +
      '<bpmn:userTask id="decide"/><bpmn:userTask id="fix"/><bpmn:endEvent id="e"/>' +
      flows('s', 'check-drawings', 'decide', 'e') +
      flows('rejected', 'fix'),
    {},
    '<bpmn:error id="err1" errorCode="DRAWINGS_REJECTED"/>',
  );

describe('external tasks: fetch-and-lock, complete, failure, bpmn-error, extend-lock', () => {
  let t: TestApp;
  let key: string;
  let n = 0;

  const post = (path: string, body: Record<string, unknown>, secret = key) =>
    t.http().post(`/api/v1/external-tasks${path}`).set('X-Api-Key', secret).send(body);
  const fetchLock = async (workerId: string, topic: string, more: Record<string, unknown> = {}, secret = key) => {
    const res = await post(
      '/fetch-and-lock',
      { workerId, maxTasks: 10, topics: [{ topicName: topic, lockDurationMs: 30_000 }], ...more },
      secret,
    );
    expect(res.status).toBe(200);
    return res.body as Locked[];
  };
  /** A fresh topic and process per test, so tests never see each other's tasks. */
  async function topicWithCases(count: number, department = ZRZY): Promise<{ topic: string; caseIds: string[] }> {
    n += 1;
    const topic = `drawing-review-${n}`;
    await deploy(t, reviewProcess(`ext-review-${n}`, topic));
    const caseIds: string[] = [];
    for (let i = 0; i < count; i++) {
      caseIds.push((await startCase(t, `ext-review-${n}`, department, { variables: { applicationNo: `JZ-${i}` } })).id);
    }
    return { topic, caseIds };
  }

  beforeAll(async () => {
    t = await startTestApp();
    key = (await apiKey(t, ZRZY, ['external-tasks'])).secret;
  });
  afterAll(() => t.close());

  it('two competing worker loops: every task handed to exactly one worker, every case moves on', async () => {
    const { topic, caseIds } = await topicWithCases(12);
    const got: Record<string, string[]> = { w1: [], w2: [] };
    const worker = async (workerId: 'w1' | 'w2') => {
      for (let idle = 0; idle < 3;) {
        const res = await post('/fetch-and-lock', {
          workerId,
          maxTasks: 2,
          topics: [{ topicName: topic, lockDurationMs: 30_000 }],
        });
        const tasks = res.body as Locked[];
        if (tasks.length === 0) {
          idle += 1;
          continue;
        }
        for (const task of tasks) {
          got[workerId]!.push(task.id);
          const done = await post(`/${task.id}/complete`, { workerId, variables: { reviewedBy: workerId } });
          expect(done.status).toBe(200);
          expect(done.body.state).toBe('completed');
        }
      }
    };
    await Promise.all([worker('w1'), worker('w2')]);
    const all = [...got.w1!, ...got.w2!];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(12);
    for (const id of caseIds) {
      const c = await caseOf(t, id);
      expect(c.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['decide']);
      expect(['w1', 'w2']).toContain(c.variables.reviewedBy);
    }
    const timeline = await timelineOf(t, caseIds[0]!);
    expect(timeline.find((e) => e.type === 'task.completed' && e.elementId === 'check-drawings')).toMatchObject({
      source: 'DEPT_PUSH',
      actor: { department: ZRZY },
    });
  });

  it('hands a task out with the case variables and lets only the lock holder complete it', async () => {
    const { topic, caseIds } = await topicWithCases(1);
    const [task] = await fetchLock('holder', topic);
    expect(task).toMatchObject({ caseId: caseIds[0], topicName: topic, variables: { applicationNo: 'JZ-0' } });
    expect(await fetchLock('other', topic)).toEqual([]);
    const stolen = await post(`/${task!.id}/complete`, { workerId: 'other' });
    expect(stolen.status).toBe(409);
    expect(stolen.body.code).toBe('EXTERNAL_TASK.NOT_LOCKED_BY_WORKER');
    expect((await post(`/${task!.id}/complete`, { workerId: 'holder' })).status).toBe(200);
    const again = await post(`/${task!.id}/complete`, { workerId: 'holder' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EXTERNAL_TASK.NOT_OPEN');
  });

  it('frees a task whose lock expired for another worker; the old holder is refused', async () => {
    const { topic } = await topicWithCases(1);
    const [task] = await fetchLock('slow', topic, { topics: [{ topicName: topic, lockDurationMs: 300 }] });
    expect(await fetchLock('fast', topic)).toEqual([]);
    await sleep(400);
    const [taken] = await fetchLock('fast', topic);
    expect(taken?.id).toBe(task!.id);
    const late = await post(`/${task!.id}/complete`, { workerId: 'slow' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('EXTERNAL_TASK.NOT_LOCKED_BY_WORKER');
    expect((await post(`/${task!.id}/complete`, { workerId: 'fast' })).status).toBe(200);
  });

  it('refuses to complete with an expired lock nobody else took', async () => {
    const { topic } = await topicWithCases(1);
    const [task] = await fetchLock('w', topic, { topics: [{ topicName: topic, lockDurationMs: 200 }] });
    await sleep(300);
    const res = await post(`/${task!.id}/complete`, { workerId: 'w' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EXTERNAL_TASK.LOCK_EXPIRED');
  });

  it('extends a lock so that nobody else gets the task', async () => {
    const { topic } = await topicWithCases(1);
    const [task] = await fetchLock('w', topic, { topics: [{ topicName: topic, lockDurationMs: 300 }] });
    const ext = await post(`/${task!.id}/extend-lock`, { workerId: 'w', newDurationMs: 10_000 });
    expect(ext.status).toBe(200);
    await sleep(400);
    expect(await fetchLock('other', topic)).toEqual([]);
    expect((await post(`/${task!.id}/complete`, { workerId: 'w' })).status).toBe(200);
  });

  it('failure → retry after the timeout → failure with 0 retries raises an incident on the case', async () => {
    const { topic, caseIds } = await topicWithCases(1);
    const [task] = await fetchLock('w', topic);
    const failed = await post(`/${task!.id}/failure`, {
      workerId: 'w',
      errorMessage: 'drawing server timed out',
      retries: 1,
      retryTimeoutMs: 300,
    });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ state: 'open', workerId: null, retries: 1 });
    expect(await fetchLock('w', topic)).toEqual([]);
    await sleep(400);
    const [retry] = await fetchLock('w2', topic);
    expect(retry).toMatchObject({ id: task!.id, retries: 1, errorMessage: 'drawing server timed out' });
    const last = await post(`/${task!.id}/failure`, {
      workerId: 'w2',
      errorMessage: 'drawing server down',
      retries: 0,
      retryTimeoutMs: 0,
    });
    expect(last.status).toBe(200);
    expect(await fetchLock('w3', topic)).toEqual([]);
    const timeline = await timelineOf(t, caseIds[0]!);
    expect(timeline.filter((e) => e.type === 'externalTask.failed')).toHaveLength(2);
    expect(timeline.find((e) => e.type === 'incident')).toMatchObject({
      elementId: 'check-drawings',
      data: { message: 'drawing server down', taskId: task!.id },
    });
    const c = await caseOf(t, caseIds[0]!);
    expect(c.activeElements.map((x: { elementId: string }) => x.elementId)).toEqual(['check-drawings']);

    // An operator resolves the incident: the task is handed out again and can finish the step.
    const resolved = await t
      .http()
      .put(`/api/v1/external-tasks/${task!.id}/retries`)
      .set('Authorization', `Bearer ${t.token({ roles: ['admin'], sub: 'ops-1' })}`)
      .send({ retries: 2 });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ state: 'open', retries: 2, workerId: null });
    const [again] = await fetchLock('w4', topic);
    expect(again?.id).toBe(task!.id);
    expect((await post(`/${task!.id}/complete`, { workerId: 'w4' })).status).toBe(200);
    const after = await caseOf(t, caseIds[0]!);
    expect(after.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['decide']);
  });

  it('a BPMN error is caught by the error boundary event', async () => {
    const { topic, caseIds } = await topicWithCases(1);
    const [task] = await fetchLock('w', topic);
    const res = await post(`/${task!.id}/bpmn-error`, {
      workerId: 'w',
      errorCode: 'DRAWINGS_REJECTED',
      errorMessage: '消防设计不符合规范',
      variables: { rejectionReason: '消防设计不符合规范' },
    });
    expect(res.status).toBe(200);
    const c = await caseOf(t, caseIds[0]!);
    expect(c.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['fix']);
    expect(c.variables.rejectionReason).toBe('消防设计不符合规范');
  });

  it('long polling answers as soon as a task appears', async () => {
    n += 1;
    const topic = `drawing-review-${n}`;
    await deploy(t, reviewProcess(`ext-review-${n}`, topic));
    const t0 = Date.now();
    const polling = fetchLock('poller', topic, { asyncResponseTimeoutMs: 10_000 });
    await sleep(300);
    const c = await startCase(t, `ext-review-${n}`, ZRZY);
    const tasks = await polling;
    expect(tasks.map((x) => x.caseId)).toEqual([c.id]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const empty = Date.now();
    expect(await fetchLock('poller', topic, { asyncResponseTimeoutMs: 400 })).toEqual([]);
    expect(Date.now() - empty).toBeGreaterThanOrEqual(380);
  });

  it("a department's key never gets or completes another department's tasks", async () => {
    const { topic } = await topicWithCases(1, SJJ);
    expect(await fetchLock('zrzy-worker', topic)).toEqual([]);
    const sjj = (await apiKey(t, SJJ, ['external-tasks'])).secret;
    const [task] = await fetchLock('sjj-worker', topic, {}, sjj);
    expect(task).toBeDefined();
    const foreign = await post(`/${task!.id}/complete`, { workerId: 'sjj-worker' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('EXTERNAL_TASK.NOT_FOUND');
    expect((await post(`/${task!.id}/complete`, { workerId: 'sjj-worker' }, sjj)).status).toBe(200);
  });

  it('refuses bad input with 400 and unknown tasks with 404', async () => {
    const bad = await post('/fetch-and-lock', { workerId: '', maxTasks: 0, topics: [] });
    expect(bad.status).toBe(400);
    const badId = await post('/nope/complete', { workerId: 'w' });
    expect(badId.status).toBe(400);
    const unknown = await post('/7d0f5a8e-3f7c-4a57-9a54-0f2b8f6c1e11/complete', { workerId: 'w' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('EXTERNAL_TASK.NOT_FOUND');
  });
});
