import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import request from 'supertest';
import { HttpDrain } from '../../src/shared/http/http-drain.js';
import { applicant, DEPT, ITEM } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey } from './integration-support.js';

/**
 * Stopping a node under load (SIGTERM runs HttpDrain.close, then the embedded database stops). Before,
 * keep-alive clients that never let their connections go idle kept the node serving — and not exiting —
 * for as long as their load lasted.
 */
describe('stopping a node', () => {
  let t: TestApp;
  let port: number;
  let drain: HttpDrain;
  const server = (): http.Server => t.app.getHttpServer() as http.Server;

  beforeEach(async () => {
    t = await startTestApp({ loadWorkflows: true });
    await t.app.listen(0, '127.0.0.1');
    port = (server().address() as net.AddressInfo).port;
    drain = t.app.get(HttpDrain);
  });
  afterEach(async () => {
    await t.db.drop();
  });

  /** Resolves with 'closed' when the stop finishes, or 'still open' after ms. */
  const within = (stop: Promise<void>, ms: number): Promise<string> =>
    Promise.race([
      stop.then(() => 'closed'),
      new Promise<string>((resolve) => setTimeout(() => resolve('still open'), ms).unref()),
    ]);

  it('finishes the requests in flight, closes keep-alive connections after them and stops long before the grace period', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const token = t.token({ roles: ['window'], dept: DEPT });
    const body = JSON.stringify({ itemCode: ITEM, applicant });
    const answers: { status: number; connection: string | undefined }[] = [];
    const refused: string[] = [];
    let stopped = false;
    const post = (): Promise<void> =>
      new Promise((resolve) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: '/api/v1/cases',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              answers.push({ status: res.statusCode ?? 0, connection: res.headers.connection });
              resolve();
            });
          },
        );
        req.on('error', (e: NodeJS.ErrnoException) => {
          refused.push(e.code ?? e.message);
          resolve();
        });
        req.end(body);
      });
    // Eight clients that send their next request the moment the last one is answered.
    const clients = Array.from({ length: 8 }, async () => {
      while (!stopped) await post();
    });
    while (answers.length < 40) await new Promise((r) => setTimeout(r, 20));

    const outcome = await within(drain.close(t.app, 60_000), 20_000);
    stopped = true;
    await Promise.all(clients);
    agent.destroy();

    expect(outcome).toBe('closed');
    // Every request that reached the node was answered in full; later ones found the port closed.
    expect(answers.every((a) => a.status === 201)).toBe(true);
    // Refused, or reset/broken pipe: a request sent on a connection the server was closing as idle.
    expect(refused.every((code) => ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code))).toBe(true);
    // The answers given while draining told their clients to go elsewhere.
    expect(answers.some((a) => a.connection === 'close')).toBe(true);
    // Nothing lost, nothing half-written: one case per answer.
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM approval_case');
    await client.end();
    expect(Number(rows[0]?.n)).toBe(answers.length);
  }, 60_000);

  it('answers readiness with 503 "stopping" while draining, and closes each answer\'s connection', async () => {
    drain.begin();
    const ready = await request(server()).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'stopping' });
    expect(ready.headers['retry-after']).toBeDefined();
    expect(ready.headers.connection).toBe('close');
    // Liveness is unaffected: the process is up until it exits.
    expect((await request(server()).get('/health/live')).status).toBe(200);
    await drain.close(t.app, 5_000);
  });

  it('cuts a connection still open when the grace period ends', async () => {
    // A client that sent half a request body and went quiet: its request is in flight (the body parser
    // waits for the rest), so server.close() alone would wait for it.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const token = t.token({ roles: ['window'], dept: DEPT });
    socket.write(
      `POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"item`,
    );
    let answered = '';
    socket.on('data', (d: Buffer) => (answered += d.toString()));
    const cut = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise((r) => setTimeout(r, 100));

    expect(await within(drain.close(t.app, 300), 10_000)).toBe('closed');
    await cut;
    expect(answered).toBe('');
    expect(socket.destroyed).toBe(true);
  });

  it('answers a parked long poll at once instead of holding the stop', async () => {
    const { secret } = await apiKey(t, DEPT, ['external-tasks']);
    const poll = request(`http://127.0.0.1:${port}`)
      .post('/api/v1/external-tasks/fetch-and-lock')
      .set('X-Api-Key', secret)
      .send({
        workerId: 'w1',
        maxTasks: 1,
        asyncResponseTimeoutMs: 30_000,
        topics: [{ topicName: 'nothing-here', lockDurationMs: 1000 }],
      })
      .then((res) => res);
    // Parked: its connection is open and its first look for tasks (one query) is long done.
    const connections = (): Promise<number> => new Promise((resolve) => server().getConnections((_e, n) => resolve(n)));
    while ((await connections()) === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500));

    expect(await within(drain.close(t.app, 60_000), 10_000)).toBe('closed');
    const res = await poll;
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });
});
