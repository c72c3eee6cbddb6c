import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import pg from 'pg';
import { DEPT, ITEM, openCase, staff, type Staff, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Fuzzing as a test: generated requests against every operation of the OpenAPI document, as every
 * role and as nobody. Whatever is sent, the service answers below 500; every error is problem+json
 * with a stable code; and a refused (4xx) request leaves every table exactly as it was.
 * FUZZ_RUNS and FUZZ_SEED reproduce or extend a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const CODE = /^[A-Z_]+\.[A-Z_]+$/;
const BATCH = 8;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}
interface Operation {
  method: (typeof METHODS)[number];
  path: string;
  pathParams: string[];
  queryParams: { name: string; example?: unknown }[];
  body: Schema | null;
}
interface OpenApi {
  paths: Record<string, Partial<Record<string, OpenApiOperation>>>;
  components?: { schemas?: Record<string, Schema> };
}
interface OpenApiOperation {
  parameters?: { name: string; in: string; example?: unknown; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** encodeURIComponent throws on a lone surrogate: such a character goes as U+FFFD in a URL. */
function enc(v: string): string {
  return encodeURIComponent(
    v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

function operationsOf(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item[method];
      if (!op) return [];
      const params = op.parameters ?? [];
      return [
        {
          method,
          path,
          pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: params
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, example: p.example ?? p.schema?.example })),
          body: op.requestBody?.content?.['application/json']?.schema ?? null,
        },
      ];
    }),
  );
}

describe('fuzzing: generated requests across the OpenAPI document', () => {
  let t: TestApp;
  let s: Staff;
  let base: string;
  let db: pg.Client;
  let doc: OpenApi;
  let ids: string[];

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    s = staff(t);
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    doc = (await t.http().get('/docs-json').expect(200)).body as OpenApi;
    // Real ids, so that some generated requests reach the handlers' deeper checks.
    const c = await openCase(t, s.window);
    const task = await taskAt(t, s.window, c.id, 'receive');
    ids = [c.id, task.id, c.caseNo, ITEM, DEPT, 'CN', '2026'];
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  let checksumSql = '';
  /** Row count and a hash of every row, per table: any insert, update or delete changes it. */
  async function checksum(): Promise<string> {
    if (!checksumSql) {
      const tables = await db.query<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%migration%'
          ORDER BY 1`,
      );
      checksumSql = tables.rows
        .map((r) => `SELECT '${r.t}' AS t, count(*) AS n, coalesce(sum(hashtext(x::text)), 0) AS h FROM "${r.t}" x`)
        .join(' UNION ALL ');
    }
    const res = await db.query<{ t: string; n: string; h: string }>(checksumSql);
    return res.rows.map((r) => `${r.t}:${r.n}:${r.h}`).join('|');
  }

  const junkText = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      '',
      ' ',
      '0',
      '-1',
      '1e309',
      'NaN',
      'null',
      'true',
      '9999-12-31',
      '0000-00-00',
      '2026-02-30',
      '2026-02-13',
      '2026-02-13T10:00:00+08:00',
      '+275760-09-13T00:00:00Z',
      '00000000-0000-4000-8000-000000000000',
      "'; DROP TABLE approval_case; --",
      '\u0000',
      'a\u0000b',
      '%00',
      '%',
      '../../etc/passwd',
      '\ud800',
      '=count(for i in 1..3000, j in 1..1000 return i) = 0',
      'QUORUM:0',
      'x'.repeat(5000),
      '[',
      '{"a":',
    ),
  );
  // ids are only known once beforeAll ran: picked at generation time.
  const known = (): fc.Arbitrary<string> => fc.nat().map((i) => ids[i % ids.length] ?? '');
  const junkValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      junkText,
      known(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.oneof(junkText, fc.constantFrom('__proto__', 'constructor', 'department')), tie('value'), {
        maxKeys: 3,
      }),
    ),
  })).value;

  const resolve = (schema: Schema | undefined): Schema | undefined => {
    const name = schema?.$ref?.split('/').pop();
    const target = name ? doc.components?.schemas?.[name] : schema;
    return target?.allOf
      ? { properties: Object.assign({}, ...target.allOf.map((x) => resolve(x)?.properties)) }
      : target;
  };

  /** Mostly shaped like the schema (its examples and enums, sometimes swapped for junk), so requests get deep. */
  const fromSchema = (schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
    const sch = resolve(schema);
    if (!sch || depth > 3) return junkValue;
    const plausible: fc.Arbitrary<unknown>[] = [];
    if (sch.example !== undefined) plausible.push(fc.constant(sch.example));
    if (sch.enum?.length) plausible.push(fc.constantFrom(...sch.enum));
    if (sch.properties) {
      const props = Object.fromEntries(Object.entries(sch.properties).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      plausible.push(fc.record(props, { requiredKeys: [] }));
    }
    if (sch.type === 'array') plausible.push(fc.array(fromSchema(sch.items, depth + 1), { maxLength: 3 }));
    if (!plausible.length) return junkValue;
    return fc.oneof({ weight: 4, arbitrary: fc.oneof(...plausible) }, { weight: 1, arbitrary: junkValue });
  };

  const queryValue = fc.oneof(junkText.map(enc), known(), fc.constantFrom('%', '%ZZ', '%00', '%FF%FE', 'a&b', '1;2'));

  const request = (ops: Operation[]): fc.Arbitrary<FuzzRequest> =>
    fc
      .constantFrom(...ops)
      .chain((op) =>
        fc.record({
          op: fc.constant(op),
          path: fc.tuple(...op.pathParams.map(() => fc.oneof(known(), junkText))),
          query: fc.array(
            fc.tuple(
              fc.oneof(fc.constantFrom(...op.queryParams.map((q) => q.name), 'limit', 'cursor'), fc.string()),
              fc.oneof(
                queryValue,
                fc.constantFrom(
                  '',
                  ...op.queryParams.map((q) =>
                    enc(typeof q.example === 'string' ? q.example : (JSON.stringify(q.example) ?? '')),
                  ),
                ),
              ),
              fc.constantFrom('', '[]', '[a]'),
            ),
            { maxLength: 4 },
          ),
          auth: fc.constantFrom('admin', 'process-admin', 'window', 'handler', 'leader', 'supervisor', 'none', 'junk'),
          contentType: fc.constantFrom(
            'application/json',
            'application/json',
            'application/json',
            'application/merge-patch+json',
            'application/xml',
            'text/plain',
            'application/json; charset=latin1',
            'multipart/form-data; boundary=x',
          ),
          idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.stringMatching(/^[ -~]{0,250}$/)), { nil: undefined }),
          extraHeader: fc.option(fc.tuple(fc.stringMatching(/^x-[a-z]{1,10}$/), fc.stringMatching(/^[ -~]{0,60}$/)), {
            nil: undefined,
          }),
          body: fc.oneof(
            { weight: 6, arbitrary: fromSchema(op.body ?? undefined).map((v) => JSON.stringify(v) ?? 'null') },
            { weight: 1, arbitrary: junkText },
            { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`) },
          ),
        }),
      )
      .map(({ op, path, query, auth, contentType, idempotencyKey, extraHeader, body }) => {
        let i = 0;
        const url =
          op.path.replace(/\{[^}]+\}/g, () => enc(path[i++] ?? '')) +
          (query.length ? `?${query.map(([k, v, suffix]) => `${enc(k)}${suffix}=${v}`).join('&')}` : '');
        const headers: Record<string, string> = {};
        const tokens: Record<string, string> = {
          admin: s.admin,
          'process-admin': t.token({ roles: ['process-admin'], sub: 'pa-1' }),
          window: s.window,
          handler: s.handler,
          leader: s.leader,
          supervisor: s.supervisor,
          junk: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
        };
        if (tokens[auth]) headers.authorization = `Bearer ${tokens[auth]}`;
        if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
        if (extraHeader) headers[extraHeader[0]] = extraHeader[1];
        const withBody = op.method !== 'get';
        if (withBody) headers['content-type'] = contentType;
        return { method: op.method.toUpperCase(), url, headers, ...(withBody ? { body } : {}) };
      });

  it(`answers ${RUNS} generated requests below 500, as coded problem+json, without changing data when refusing`, async () => {
    const ops = operationsOf(doc).filter((op) => !op.path.startsWith('/docs'));
    expect(ops.length).toBeGreaterThan(40);
    // Requests go in concurrent batches of BATCH; the tables are compared after each batch. When every
    // request of a batch was refused, nothing may have changed (a batch with a success may change rows).
    let before = await checksum();
    let sent = 0;
    let checkedBatches = 0;
    const statuses = new Map<number, number>();
    const send = async (req: FuzzRequest): Promise<number> => {
      const res = await fetch(`${base}${req.url}`, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
      const text = await res.text();
      sent++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `${req.method} ${req.url} ${JSON.stringify(req.headers)} ${req.body?.slice(0, 300) ?? ''}`;
      if (res.status >= 500) throw new Error(`${res.status} for ${what}: ${text.slice(0, 300)}`);
      if (res.status >= 400) {
        if (!res.headers.get('content-type')?.includes('application/problem+json'))
          throw new Error(`${res.status} without problem+json for ${what}`);
        const problem = JSON.parse(text) as { code?: unknown; status?: unknown };
        if (typeof problem.code !== 'string' || !CODE.test(problem.code) || problem.status !== res.status)
          throw new Error(`${res.status} without a stable code for ${what}: ${text.slice(0, 300)}`);
      }
      return res.status;
    };
    await fc.assert(
      fc.asyncProperty(fc.array(request(ops), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answered = await Promise.all(batch.map(send));
        const after = await checksum();
        if (answered.every((status) => status >= 400)) {
          checkedBatches++;
          if (after !== before)
            throw new Error(
              `rows changed by refused requests:\n${batch.map((r, i) => `${answered[i]} ${r.method} ${r.url} ${r.body?.slice(0, 200) ?? ''}`).join('\n')}`,
            );
        }
        before = after;
      }),
      { numRuns: Math.ceil(RUNS / BATCH), seed: SEED, endOnFailure: true },
    );
    // Most batches are refused throughout, so the no-change rule is checked for most requests.
    expect(checkedBatches).toBeGreaterThan(RUNS / BATCH / 3);
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    // The generator reaches the handlers, not only the guards: some requests succeed, some are refused.
    expect([...statuses.keys()].some((k) => k < 300)).toBe(true);
    expect([...statuses.keys()].some((k) => k === 400 || k === 422)).toBe(true);
    // About 4 ms of CPU per request: 40 s for 10,000 on an idle two-core machine. The ceiling is a
    // hang detector with room for a machine busy with other suites, not a speed assertion.
  }, 600_000);
});
