/**
 * OpenTelemetry traces (ADR 0014), checked against a real OTLP/HTTP receiver: a plain HTTP server in this
 * process that accepts the JSON export the service sends to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Tracing } from '../../src/shared/tracing/tracing.js';
import { applicant, complete, openCase, staff, type Staff, step, taskAt } from '../support/case-helpers.js';
import { moveClock } from '../support/timing-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: OtlpValue }[];
}
interface ExportRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  attributes: Record<string, string | number | boolean | undefined>;
}

function flatten(body: ExportRequest): { spans: Span[]; services: string[] } {
  const spans: Span[] = [];
  const services: string[] = [];
  for (const rs of body.resourceSpans) {
    const svc = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
    if (svc) services.push(svc);
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans)
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId || undefined,
          name: s.name,
          attributes: Object.fromEntries(
            s.attributes.map((a) => [
              a.key,
              a.value.stringValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : a.value.boolValue),
            ]),
          ),
        });
  }
  return { spans, services };
}

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let receiver: http.Server;
  const received: ExportRequest[] = [];
  const contentTypes: string[] = [];
  const paths: string[] = [];
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        paths.push(req.url ?? '');
        contentTypes.push(String(req.headers['content-type']));
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    t = await startTestApp({
      loadWorkflows: true,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
        OTEL_SERVICE_NAME: 'tongban-test',
        TONGBAN_CLOCK_CONTROL: '1',
      },
    });
    s = staff(t);
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const exported = async (): Promise<{ spans: Span[]; services: string[] }> => {
    await t.app.get(Tracing).flush();
    const all = received.map(flatten);
    return { spans: all.flatMap((x) => x.spans), services: all.flatMap((x) => x.services) };
  };

  it('exports a task completion as request → command → SQL round trips, with ids and no personal data', async () => {
    const c = await openCase(t, s.window);
    const task = await taskAt(t, s.window, c.id, 'receive');
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await t
      .http()
      .post(`/api/v1/tasks/${task.id}/complete`)
      .set('Authorization', `Bearer ${s.window}`)
      .set('traceparent', traceparent)
      .send({ outcome: 'accept', opinion: '材料齐全，予以受理' });
    expect(res.status).toBe(200);

    const { spans, services } = await exported();
    expect(paths.every((p) => p === '/v1/traces')).toBe(true);
    expect(contentTypes.every((ct) => ct.startsWith('application/json'))).toBe(true);
    expect(new Set(services)).toEqual(new Set(['tongban-test']));

    // The request joins the caller's trace.
    const server = spans.find((x) => x.name === 'POST /api/v1/tasks/:id/complete');
    expect(server).toBeDefined();
    expect(server!.traceId.toLowerCase()).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(server!.parentSpanId?.toLowerCase()).toBe('b7ad6b7169203331');
    expect(server!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/v1/tasks/:id/complete',
      'http.response.status_code': 200,
      'tongban.request_id': res.headers['x-request-id'],
    });

    // One command span under it, named after the command, with the case and task ids.
    const commands = spans.filter((x) => x.parentSpanId === server!.spanId);
    expect(commands.map((x) => x.name)).toEqual(['CompleteTask']);
    const command = commands[0]!;
    expect(command.attributes).toMatchObject({
      'tongban.command': 'CompleteTask',
      'tongban.task.id': task.id,
      'tongban.case.id': c.id,
      'tongban.principal.kind': 'user',
    });

    // Its SQL round trips are its direct children: the locking read first, the write with COMMIT last.
    const sql = spans.filter((x) => x.parentSpanId === command.spanId);
    expect(sql.length).toBeGreaterThanOrEqual(2);
    for (const x of sql) expect(x.attributes).toMatchObject({ 'db.system.name': 'postgresql' });
    const ops = sql.map((x) => x.attributes['db.operation.name']);
    expect(ops).toContain('lock');
    expect(ops.filter((o) => o === 'write and commit' || o === 'commit')).toHaveLength(1);
    expect(sql.every((x) => x.traceId === server!.traceId)).toBe(true);

    // No personal data anywhere: not the applicant, the opinion, the statement text or the caller's name.
    const text = JSON.stringify(received);
    for (const secret of [applicant.name, applicant.uscc, applicant.phone, '材料齐全', '窗口人员', 'tb_write_cases'])
      expect(text).not.toContain(secret);
  });

  it('marks a refused command as an error with its code only', async () => {
    const c = await openCase(t, s.window);
    const task = await taskAt(t, s.window, c.id, 'receive');
    const res = await complete(t, s.leader, task.id, { outcome: 'accept', opinion: '秘密意见' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const { spans } = await exported();
    const command = spans.find((x) => x.name === 'CompleteTask' && x.attributes['tongban.task.id'] === task.id);
    expect(command?.attributes['error.type']).toBe(res.body.code);
    expect(JSON.stringify(received)).not.toContain('秘密意见');
  });

  it('gives a case command (create case) its own span under its request, with its SQL round trips', async () => {
    const before = received.length;
    await openCase(t, s.window);
    const { spans } = await exported();
    expect(received.length).toBeGreaterThan(before);
    const server = spans.filter((x) => x.name === 'POST /api/v1/cases');
    const create = spans.filter((x) => x.name === 'CreateCase');
    expect(create.length).toBeGreaterThanOrEqual(1);
    for (const x of create) expect(server.map((r) => r.spanId)).toContain(x.parentSpanId);
    const under = (id: string) => spans.filter((x) => x.parentSpanId === id).map((x) => x.name);
    // The answer is built from the plan: the change set is written with COMMIT, in one round trip (ADR 0012).
    for (const x of create) expect(under(x.spanId)).toEqual(['sql write and commit']);
  });

  it('gives each job run (a time-limit job fired by the clock) a RunJob span with its SQL round trips', async () => {
    const c = await openCase(t, s.window);
    await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    const moved = await moveClock(t, s.admin, new Date(Date.now() + 400 * 86_400_000));
    expect(moved.jobsRun).toBeGreaterThan(0);
    const { spans } = await exported();
    const jobs = spans.filter((x) => x.name === 'RunJob' && x.attributes['tongban.case.id'] === c.id);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(job.attributes['tongban.job.kind']).toEqual(expect.any(String));
      const sql = spans.filter((x) => x.parentSpanId === job.spanId).map((x) => x.name);
      expect(sql).toContain('sql lock');
    }
  });
});

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('runs no OpenTelemetry code: the tracing in place is the no-op one', async () => {
    const t = await startTestApp();
    try {
      expect(t.app.get(Tracing).enabled).toBe(false);
      expect(t.app.get(Tracing).constructor.name).toBe('NoTracing');
    } finally {
      await t.close();
    }
  });
});
