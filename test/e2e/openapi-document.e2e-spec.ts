import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../src/shared/http/openapi.js';
import { OPERATION_IDS } from '../../src/shared/http/openapi-operation-ids.js';
import { PROJECT_ROOT, startTestApp, type TestApp } from '../support/test-app.js';

const EXPORTED = path.join(PROJECT_ROOT, 'docs/openapi.json');
type Json = Record<string, unknown>;
type Op = {
  operationId: string;
  security?: unknown[];
  responses: Record<string, Json>;
  parameters?: Json[];
  requestBody?: Json;
};

function operations(doc: OpenAPIObject): [string, Op][] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item as Record<string, Op>).map(([m, op]): [string, Op] => [`${m.toUpperCase()} ${p}`, op]),
  );
}

/** Every `{type: object}` without properties must at least say it is a free-form map. */
function untypedObjects(node: unknown, where: string, out: string[]): string[] {
  if (node && typeof node === 'object') {
    const o = node as Json;
    if (o.type === 'object' && !o.properties && !o.allOf && o.additionalProperties === undefined) out.push(where);
    for (const [k, v] of Object.entries(o)) untypedObjects(v, `${where}.${k}`, out);
  }
  return out;
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  beforeAll(async () => {
    t = await startTestApp();
    doc = buildOpenApiDocument(t.app);
    // `npm run openapi` re-exports the committed copy through this test.
    if (process.env.OPENAPI_EXPORT === '1') fs.writeFileSync(EXPORTED, `${JSON.stringify(doc, null, 2)}\n`);
  });
  afterAll(async () => t.close());

  it('is the one committed in docs/openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = JSON.parse(fs.readFileSync(EXPORTED, 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('is the one served at /docs-json', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('names every operation readably and uniquely', () => {
    const ids = operations(doc).map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
    const byRoute = Object.fromEntries(operations(doc).map(([route, op]) => [route, op.operationId]));
    expect(byRoute).toMatchObject({
      'GET /api/v1/cases': 'listCases',
      'GET /api/v1/cases/{id}': 'getCase',
      'GET /api/v1/cases/{id}/timeline': 'getCaseTimeline',
      'POST /api/v1/tasks/{id}/complete': 'completeTask',
      'POST /engine-rest/external-task/fetchAndLock': 'camundaFetchAndLock',
      'POST /engine-rest/external-task/{id}/complete': 'camundaCompleteExternalTask',
      'POST /engine-rest/message': 'camundaCorrelateMessage',
    });
  });

  it('takes every operationId from the table, none derived from its path', () => {
    const unnamed = operations(doc)
      .map(([route]) => route)
      .filter((route) => OPERATION_IDS[route] === undefined);
    expect(unnamed).toEqual([]);
  });

  it('describes every error answer of every operation as a Problem', () => {
    for (const [route, op] of operations(doc)) {
      const open = op.security?.length === 0;
      const expected = open
        ? ['400', '429', '500', '503']
        : ['400', '401', '403', '404', '409', '413', '422', '429', '503'];
      for (const status of expected)
        expect([route, Object.keys(op.responses)]).toEqual([route, expect.arrayContaining([status])]);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        expect([route, status, response.content]).toEqual([
          route,
          status,
          { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        ]);
      }
      expect(op.responses['429']?.headers).toHaveProperty('Retry-After');
    }
    expect(doc.components?.schemas?.Problem).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']),
      properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/ProblemError' } } },
    });
  });

  it('documents Idempotency-Key on every POST and Idempotent-Replayed on its answers', () => {
    for (const [route, op] of operations(doc).filter(([r]) => r.startsWith('POST '))) {
      expect([route, op.parameters?.map((p) => p.name)]).toEqual([route, expect.arrayContaining(['Idempotency-Key'])]);
      const ok = Object.entries(op.responses).filter(([s]) => Number(s) < 300);
      for (const [, response] of ok) expect(response.headers).toHaveProperty('Idempotent-Replayed');
    }
  });

  it('types every field: no untyped objects, nullable strings are strings', () => {
    expect(untypedObjects(doc.components, 'components', [])).toEqual([]);
    const task = doc.components?.schemas?.TaskView as Json & { properties: Record<string, Json> };
    expect(task.properties.step).toMatchObject({ type: 'string', nullable: true });
    const kase = doc.components?.schemas?.CaseView as Json & { properties: Record<string, Json> };
    expect(kase.properties.itemCode).toMatchObject({ type: 'string', nullable: true });
    expect(kase.properties.status).toEqual(
      expect.objectContaining({ allOf: [{ $ref: '#/components/schemas/CaseStatus' }] }),
    );
    expect(doc.components?.schemas?.CaseStatus).toMatchObject({
      type: 'string',
      enum: expect.arrayContaining(['IN_PROCESS']),
    });
  });

  it('offers a file picker (multipart) and raw XML as separate deploy bodies', () => {
    const deploy = operations(doc).find(([, op]) => op.operationId === 'deployDefinition')?.[1];
    expect(deploy?.requestBody).toMatchObject({
      content: {
        'multipart/form-data': { schema: { properties: { file: { type: 'string', format: 'binary' } } } },
        'application/xml': { schema: { type: 'string' } },
      },
    });
  });

  it('documents the lists as pages and the case actions as answering with the case', () => {
    const byId = Object.fromEntries(operations(doc).map(([, op]) => [op.operationId, op]));
    for (const id of ['listApiKeys', 'listWebhooks', 'listWebhookDeliveries']) {
      const schema = (byId[id]?.responses['200']?.content as Record<string, { schema: Json }>)['application/json']
        ?.schema;
      const ref = String(schema?.$ref).split('/').pop() ?? '';
      expect([id, doc.components?.schemas?.[ref]]).toEqual([
        id,
        expect.objectContaining({ required: expect.arrayContaining(['items', 'total']) }),
      ]);
    }
    for (const id of [
      'withdrawCase',
      'suspendCase',
      'resumeCase',
      'cancelCase',
      'extendCase',
      'approveCaseExtension',
      'rejectCaseExtension',
      'requestCaseCorrection',
      'submitCaseCorrection',
    ]) {
      expect(byId[id]?.responses['200']?.content).toEqual({
        'application/json': { schema: { $ref: '#/components/schemas/CaseView' } },
      });
    }
  });
});
