import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BasicAuthInterceptor,
  Client,
  type Interceptor,
  type Task,
  type TaskService,
  Variables,
} from 'camunda-external-task-client-js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import pg from 'pg';
import { apiKey, bpmn, caseOf, deploy, flows, sleep, startCase, timelineOf } from './integration-support.js';

const ZRZY = '410100-ZRZY';
const SJJ = '410100-SJJ';

/** check-drawings (external) → decide; a BPMN error DRAWINGS_REJECTED is caught by the boundary event → fix. */
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

/** Retries the assertions until they hold (the worker runs in the background), then rethrows the last failure. */
async function settled(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await sleep(50);
    }
  }
}

type Handler = (args: { task: Task; taskService: TaskService }) => Promise<void>;

describe('Camunda 7 compatibility: /engine-rest with the unmodified camunda-external-task-client-js', () => {
  let t: TestApp;
  let baseUrl: string;
  let key: { id: string; secret: string };
  let n = 0;
  const clients: Client[] = [];

  const active = async (caseId: string) =>
    ((await caseOf(t, caseId)).activeElements as { elementId: string }[]).map((e) => e.elementId);
  const engine = (path: string, body: unknown, headers: Record<string, string> = { 'X-Api-Key': key.secret }) =>
    t
      .http()
      .post(`/engine-rest${path}`)
      .set(headers)
      .send(body as object);

  async function oneCase(variables: Record<string, unknown> = {}, businessKey?: string) {
    n += 1;
    const topic = `c7-review-${n}`;
    await deploy(t, reviewProcess(`c7-review-${n}`, topic));
    const c = await startCase(t, `c7-review-${n}`, ZRZY, { variables, ...(businessKey ? { businessKey } : {}) });
    return { topic, caseId: c.id };
  }

  /** A real worker, as a department system runs it: basic auth with the key id and secret by default. */
  function worker(topic: string, handler: Handler, interceptor?: Interceptor): Client {
    const client = new Client({
      baseUrl,
      workerId: `zrzy-worker-${n}`,
      asyncResponseTimeout: 1_000,
      interval: 50,
      lockDuration: 30_000,
      autoPoll: false,
      interceptors: interceptor ?? new BasicAuthInterceptor({ username: key.id, password: key.secret }),
    });
    clients.push(client);
    client.subscribe(topic, handler);
    client.start();
    return client;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`;
    key = await apiKey(t, ZRZY, ['external-tasks', 'messages:write']);
  });
  afterEach(() => clients.splice(0).forEach((c) => c.stop()));
  afterAll(() => t.close());

  it('fetchAndLock hands typed variables to the worker; complete with typed variables moves the case on', async () => {
    const { topic, caseId } = await oneCase(
      { applicationNo: 'JZ-2026-0042', floors: 12, area: 1200.5, urgent: false, owner: { name: '某公司' }, none: null },
      'SQ-2026-000123',
    );
    const seen: Task[] = [];
    worker(topic, async ({ task, taskService }) => {
      seen.push(task);
      const out = new Variables()
        .set('drawingReviewPassed', true)
        .set('reviewNo', '郑审图〔2026〕118号')
        .set('score', 97.5)
        .set('report', { pages: 3, notes: ['ok'] })
        .setTyped('reviewedAt', { type: 'Date', value: new Date('2026-11-28T10:00:00.000Z') });
      await taskService.complete(task, out);
    });
    await settled(async () => expect(await active(caseId)).toEqual(['decide']));

    const task = seen[0]!;
    expect(task).toMatchObject({
      topicName: topic,
      processInstanceId: caseId,
      businessKey: 'SQ-2026-000123',
      activityId: 'check-drawings',
      processDefinitionKey: `c7-review-${n}`,
      priority: 0,
      tenantId: ZRZY,
    });
    expect(task.variables.getAllTyped()).toMatchObject({
      applicationNo: { type: 'string', value: 'JZ-2026-0042' },
      floors: { type: 'integer', value: 12 },
      area: { type: 'double', value: 1200.5 },
      urgent: { type: 'boolean', value: false },
      owner: { type: 'json', value: { name: '某公司' } },
      none: { type: 'null', value: null },
    });
    const c = await caseOf(t, caseId);
    expect(c.variables).toMatchObject({
      drawingReviewPassed: true,
      reviewNo: '郑审图〔2026〕118号',
      score: 97.5,
      report: { pages: 3, notes: ['ok'] },
      reviewedAt: '2026-11-28T10:00:00.000Z',
    });
    const timeline = await timelineOf(t, caseId);
    expect(timeline.find((e) => e.type === 'task.completed')).toMatchObject({ elementId: 'check-drawings' });
  });

  it('failure with retries: handed out again after retryTimeout; retries 0 raises an incident', async () => {
    const { topic, caseId } = await oneCase();
    const attempts: (number | null)[] = [];
    worker(topic, async ({ task, taskService }) => {
      attempts.push(task.retries);
      const retries = task.retries === null ? 1 : task.retries - 1;
      await taskService.handleFailure(task, {
        errorMessage: `drawing server down (${attempts.length})`,
        retries,
        retryTimeout: 0,
      });
    });
    await settled(async () => {
      expect((await timelineOf(t, caseId)).find((e) => e.type === 'incident')).toMatchObject({
        elementId: 'check-drawings',
        data: { message: 'drawing server down (2)' },
      });
    });
    // First delivery without retries, the second with the 1 left; at 0 the task is never handed out again.
    expect(attempts).toEqual([null, 1]);
    const again = await engine('/external-task/fetchAndLock', {
      workerId: 'other',
      maxTasks: 5,
      topics: [{ topicName: topic, lockDuration: 10_000 }],
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual([]);
    expect(await active(caseId)).toEqual(['check-drawings']);
  });

  it('a BPMN error from the worker is caught by the error boundary event, with its variables', async () => {
    const { topic, caseId } = await oneCase();
    worker(topic, async ({ task, taskService }) => {
      await taskService.handleBpmnError(
        task,
        'DRAWINGS_REJECTED',
        '消防设计不符合规范',
        new Variables().set('rejectionReason', '消防设计不符合规范'),
      );
    });
    await settled(async () => expect(await active(caseId)).toEqual(['fix']));
    expect((await caseOf(t, caseId)).variables).toMatchObject({ rejectionReason: '消防设计不符合规范' });
    expect((await timelineOf(t, caseId)).find((e) => e.type === 'externalTask.bpmnError')).toMatchObject({
      data: { errorCode: 'DRAWINGS_REJECTED', errorMessage: '消防设计不符合规范' },
    });
  });

  it('extendLock moves the lock end; with X-Api-Key through a custom interceptor; unlock frees the task', async () => {
    const { topic, caseId } = await oneCase();
    const apiKeyHeader: Interceptor = (config) => ({
      ...config,
      headers: { ...(config.headers as object), 'X-Api-Key': key.secret },
    });
    const locks: { before: string; taskId: string }[] = [];
    worker(
      topic,
      async ({ task, taskService }) => {
        locks.push({ before: task.lockExpirationTime, taskId: task.id });
        await taskService.extendLock(task, 3_600_000);
      },
      apiKeyHeader,
    );
    await settled(async () => {
      const db = new pg.Client({ connectionString: t.db.url });
      await db.connect();
      const { rows } = await db
        .query<{ lock_expires_at: Date }>('SELECT lock_expires_at FROM work_item WHERE id = $1', [locks[0]?.taskId])
        .finally(() => db.end());
      const row = rows[0];
      // Locked for 30 s at fetch; extended to an hour from the extension.
      expect(row!.lock_expires_at.getTime() - Date.parse(locks[0]!.before)).toBeGreaterThan(3_000_000);
    });
    clients.splice(0).forEach((c) => c.stop());
    // stop() does not abort a long poll already sent (asyncResponseTimeout 1 s): it would take the
    // task the unlock below frees, before w2 asks. Let it end first.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const taskId = locks[0]!.taskId;

    // Another worker cannot complete it, nor extend it: Camunda's error shape, our code.
    const foreign = await engine(`/external-task/${taskId}/complete`, { workerId: 'intruder' });
    expect(foreign.status).toBe(409);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(foreign.body).toMatchObject({
      status: 409,
      type: 'BadUserRequestException',
      code: 'EXTERNAL_TASK.NOT_LOCKED_BY_WORKER',
      message: expect.stringContaining('intruder'),
    });

    expect((await engine(`/external-task/${taskId}/unlock`, {})).status).toBe(204);
    const refetch = await engine('/external-task/fetchAndLock', {
      workerId: 'w2',
      maxTasks: 1,
      usePriority: true,
      topics: [{ topicName: topic, lockDuration: 10_000, variables: [] }],
    });
    expect(refetch.body).toMatchObject([{ id: taskId, workerId: 'w2', variables: {} }]);
    expect((await engine(`/external-task/${taskId}/complete`, { workerId: 'w2' })).status).toBe(204);
    expect(await active(caseId)).toEqual(['decide']);
  });

  it('isolation and auth: other departments do not see the task; bad keys and bad types get Camunda errors with codes', async () => {
    const { topic, caseId } = await oneCase();
    const other = await apiKey(t, SJJ, ['external-tasks', 'messages:write']);
    const fetchBody = { workerId: 'sjj', maxTasks: 5, topics: [{ topicName: topic, lockDuration: 10_000 }] };
    const basic = (id: string, secret: string) => ({
      Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    });
    expect((await engine('/external-task/fetchAndLock', fetchBody, basic(other.id, other.secret))).body).toEqual([]);

    // A secret presented under another key's id is refused.
    const posing = await engine('/external-task/fetchAndLock', fetchBody, basic(key.id, other.secret));
    expect(posing.status).toBe(401);
    expect(posing.body).toMatchObject({ type: 'AuthenticationException', code: 'AUTH.INVALID_API_KEY' });
    // Basic with a key is for /engine-rest only.
    const native = await t.http().get('/api/v1/cases').set(basic(key.id, key.secret));
    expect(native.status).toBe(401);

    const scopeless = await apiKey(t, ZRZY, ['webhooks']);
    const noScope = await engine('/external-task/fetchAndLock', fetchBody, { 'X-Api-Key': scopeless.secret });
    expect(noScope.status).toBe(403);
    expect(noScope.body).toMatchObject({ type: 'AuthorizationException', code: 'AUTH.SCOPE_MISSING' });

    const [task] = (await engine('/external-task/fetchAndLock', { ...fetchBody, workerId: 'w' })).body as {
      id: string;
    }[];
    const badType = await engine(`/external-task/${task!.id}/complete`, {
      workerId: 'w',
      variables: {
        ok: { value: 'x', type: 'String' },
        n: { value: 'three', type: 'Integer' },
        f: { value: 'AA==', type: 'Bytes' },
      },
    });
    expect(badType.status).toBe(400);
    expect(badType.body).toMatchObject({ type: 'InvalidRequestException', code: 'CAMUNDA.INVALID_VARIABLE' });
    expect((badType.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['variables.n', 'variables.f']);

    // Routing variables stay protected through the facade, as on /api/v1: nothing is written.
    const routing = await engine(`/external-task/${task!.id}/complete`, {
      workerId: 'w',
      variables: { department: { value: SJJ, type: 'String' }, ok: { value: 1, type: 'Integer' } },
    });
    expect(routing.status).toBe(400);
    expect(routing.body).toMatchObject({ type: 'InvalidRequestException', code: 'VARIABLES.PROTECTED' });
    expect(await active(caseId)).toEqual(['check-drawings']);

    const foreign = await engine(
      `/external-task/${task!.id}/complete`,
      { workerId: 'w' },
      { 'X-Api-Key': other.secret },
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ type: 'RestException', code: 'EXTERNAL_TASK.NOT_FOUND' });

    const unknownField = await engine('/external-task/fetchAndLock', { ...fetchBody, processDefinitionIdIn: ['x'] });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({ type: 'InvalidRequestException', code: 'VALIDATION.FAILED' });
  });

  describe('POST /engine-rest/message', () => {
    const waiting = (id: string) =>
      bpmn(
        id,
        '<bpmn:startEvent id="s"/><bpmn:receiveTask id="await-payment" messageRef="m1" tb:correlationKey="=orderNo"/>' +
          '<bpmn:userTask id="next"/><bpmn:endEvent id="e"/>' +
          flows('s', 'await-payment', 'next', 'e'),
        { m1: 'c7-fee-paid' },
      );

    beforeAll(() => deploy(t, waiting('c7-payment')));

    it('correlates by businessKey with typed processVariables and answers the Camunda result', async () => {
      const c = await startCase(t, 'c7-payment', ZRZY, { businessKey: 'SQ-C7-1', variables: { orderNo: 'PAY-C7-1' } });
      const res = await engine('/message', {
        messageName: 'c7-fee-paid',
        businessKey: 'SQ-C7-1',
        processVariables: {
          paidAmount: { value: 120.5, type: 'Double' },
          receipt: { value: '{"no":"R-1"}', type: 'Json' },
        },
        resultEnabled: true,
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body).toEqual([
        {
          resultType: 'Execution',
          execution: { id: c.id, processInstanceId: c.id, ended: false, tenantId: ZRZY },
          processInstance: null,
        },
      ]);
      expect(await active(c.id)).toEqual(['next']);
      expect((await caseOf(t, c.id)).variables).toMatchObject({ paidAmount: 120.5, receipt: { no: 'R-1' } });
    });

    it('correlates by correlationKeys (204 without resultEnabled); nothing matching is Camunda’s 400', async () => {
      const a = await startCase(t, 'c7-payment', ZRZY, { variables: { orderNo: 'PAY-C7-2' } });
      const b = await startCase(t, 'c7-payment', ZRZY, { variables: { orderNo: 'PAY-C7-3' } });
      const res = await engine('/message', {
        messageName: 'c7-fee-paid',
        correlationKeys: { orderNo: { value: 'PAY-C7-3', type: 'String' } },
      });
      expect(res.status).toBe(204);
      expect(await active(b.id)).toEqual(['next']);
      expect(await active(a.id)).toEqual(['await-payment']);

      // Another department's key does not reach the case.
      const other = await apiKey(t, SJJ, ['messages:write']);
      const foreign = await engine(
        '/message',
        { messageName: 'c7-fee-paid', correlationKeys: { orderNo: { value: 'PAY-C7-2', type: 'String' } } },
        { 'X-Api-Key': other.secret },
      );
      expect(foreign.status).toBe(400);
      expect(foreign.body).toMatchObject({ type: 'MismatchingMessageCorrelationException', code: 'MESSAGE.NO_MATCH' });
      expect(await active(a.id)).toEqual(['await-payment']);

      const routing = await engine('/message', {
        messageName: 'c7-fee-paid',
        correlationKeys: { orderNo: { value: 'PAY-C7-2', type: 'String' } },
        processVariables: { itemCode: { value: 'X-1', type: 'String' } },
      });
      expect(routing.status).toBe(400);
      expect(routing.body).toMatchObject({ type: 'InvalidRequestException', code: 'VARIABLES.PROTECTED' });
      expect(await active(a.id)).toEqual(['await-payment']);

      const twoKeys = await engine('/message', {
        messageName: 'c7-fee-paid',
        correlationKeys: { orderNo: { value: 'PAY-C7-2', type: 'String' }, x: { value: 1, type: 'Integer' } },
      });
      expect(twoKeys.status).toBe(400);
      expect(twoKeys.body).toMatchObject({ code: 'CAMUNDA.UNSUPPORTED' });
      expect(await active(a.id)).toEqual(['await-payment']);
    });
  });
});
