import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { OPERATION_IDS, operationIdFallback } from './openapi-operation-ids.js';

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: Json[];
  responses: Record<string, Json>;
  security?: unknown[];
  requestBody?: Json;
};

const PROBLEM = 'application/problem+json';
const problemRef = { $ref: '#/components/schemas/Problem' };

/** Error answers every operation can give, with why; an operation's own description wins. */
const COMMON_ERRORS: Record<string, string> = {
  '400': 'Malformed request: bad JSON, an invalid parameter or identifier (HTTP.*, VALIDATION.*)',
  '401': 'No or an invalid bearer token / API key (AUTH.UNAUTHENTICATED)',
  '403': 'The caller may not do this, or not in this department (AUTH.FORBIDDEN)',
  '404': 'Not found, or not visible to the caller (*.NOT_FOUND)',
  '409': 'Conflicts with the current state, or an Idempotency-Key is reused with another body (*.CONFLICT)',
  '413': 'Request body too large (HTTP.PAYLOAD_TOO_LARGE)',
  '422': 'Well-formed but invalid: one `errors[]` entry per problem (VALIDATION.FAILED)',
  '431': 'Request headers too large (HTTP.HEADERS_TOO_LARGE)',
  '429': 'Too many requests: wait `Retry-After` seconds (HTTP.TOO_MANY_REQUESTS)',
  '500': 'Unexpected error; the detail never contains internals (INTERNAL.ERROR)',
  '503': 'The database is unavailable: retry after `Retry-After` seconds (DB.UNAVAILABLE)',
};
const OPEN_ROUTE_ERRORS = ['400', '404', '429', '431', '500', '503'];
const UNSUPPORTED_MEDIA_TYPE =
  'The request body is not in a media type this operation reads (HTTP.UNSUPPORTED_MEDIA_TYPE)';

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying (RFC 9110 §10.2.3)',
  schema: { type: 'integer', minimum: 1, example: 30 },
};
const IDEMPOTENT_REPLAYED = {
  description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
  schema: { type: 'string', enum: ['true'] },
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Send the same key again to get the first answer back without doing anything twice. Keys belong to ' +
    'the caller (principal and department) and are kept IDEMPOTENCY_TTL_HOURS (24 h); a failed request ' +
    'stores nothing, so it may be retried with the same key.',
  schema: { type: 'string', maxLength: 200, example: '2f1c3a0e-6d7b-4c1e-9a51-5d8f3b7c2e10' },
};

const SCHEMAS: Record<string, Json> = {
  ProblemError: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', example: 'VALIDATION.FAILED' },
      message: { type: 'string', example: 'reason must be shorter than or equal to 2000 characters' },
      path: { type: 'string', description: 'Where in the request (JSON pointer-like)', example: 'reason' },
      elementId: { type: 'string', description: 'BPMN element the problem is about', example: 'review' },
    },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details with a stable `code` (CONTEXT.UPPER_SNAKE)',
    required: ['type', 'title', 'status', 'detail', 'code'],
    additionalProperties: true,
    properties: {
      type: { type: 'string', example: 'about:blank' },
      title: { type: 'string', example: 'Conflict' },
      status: { type: 'integer', minimum: 400, maximum: 599, example: 409 },
      detail: { type: 'string', example: 'The case is suspended' },
      instance: { type: 'string', example: '/api/v1/cases/6f1c2b9e-8d0a-4c43-9d55-0c7c4b1f2a10/suspend' },
      code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*(\\.[A-Z][A-Z0-9_]*)+$', example: 'CASE.INVALID_STATUS' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/ProblemError' } },
    },
  },
};

/** The document the API serves at /docs-json and exports to docs/openapi.json: built in one place. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tongban 通办 API')
    .setDescription(
      'BPMN approval orchestrator for government one-stop service centres. Errors are RFC 9457 ' +
        'problem+json (`Problem`) with a stable `code`. Every POST accepts an `Idempotency-Key` header.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .addBasicAuth(
      { type: 'http', scheme: 'basic', description: 'API key id and secret (/engine-rest only)' },
      'api-key-basic',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  return completeDocument(document);
}

/** What decorators cannot say once for all operations: problems, headers, ids, free-form maps. */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...SCHEMAS };
  const seen = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item as Record<string, unknown>)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const op = raw as Operation;
      op.operationId = OPERATION_IDS[`${method.toUpperCase()} ${path}`] ?? operationIdFallback(method, path);
      if (seen.has(op.operationId)) throw new Error(`Duplicate operationId ${op.operationId}`);
      seen.add(op.operationId);
      replaceRequestContent(op);
      const open = isOpen(document, op);
      if (open) op.security = [];
      for (const status of open ? OPEN_ROUTE_ERRORS : Object.keys(COMMON_ERRORS)) {
        op.responses[status] ??= { description: COMMON_ERRORS[status] };
      }
      if (op.requestBody) op.responses['415'] ??= { description: UNSUPPORTED_MEDIA_TYPE };
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400) {
          response.description ||= COMMON_ERRORS[status] ?? 'Error (problem+json)';
          response.content = { [PROBLEM]: { schema: problemRef } };
          if (status === '429' || status === '503') addHeader(response, 'Retry-After', RETRY_AFTER);
        } else {
          response.description ||= 'OK';
          if (method === 'post') addHeader(response, 'Idempotent-Replayed', IDEMPOTENT_REPLAYED);
        }
      }
      if (method === 'post' && !op.parameters?.some((p) => p.name === 'Idempotency-Key')) {
        (op.parameters ??= []).push({ ...IDEMPOTENCY_KEY });
      }
    }
  }
  openFreeFormObjects(document.components.schemas);
  return document;
}

/** `@ApiExtension('x-request-content', …)`: one request schema per media type, which ApiBody cannot say. */
function replaceRequestContent(op: Operation): void {
  const content = (op as Json)['x-request-content'];
  if (!content) return;
  delete (op as Json)['x-request-content'];
  op.requestBody = { ...op.requestBody, required: true, content };
}

function addHeader(response: Json, name: string, header: Json): void {
  const headers = (response.headers ??= {}) as Json;
  headers[name] ??= header;
}

/** Health and metrics need no credentials (the global prefix excludes them). */
function isOpen(document: OpenAPIObject, op: Operation): boolean {
  void document;
  return !op.security || op.security.length === 0;
}

/** `Record<string, unknown>` fields are maps of anything: say so, instead of an empty object. */
function openFreeFormObjects(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.type === 'object' && !o.properties && o.additionalProperties === undefined && !o.$ref && !o.allOf) {
    o.additionalProperties = true;
  }
  for (const v of Object.values(o)) openFreeFormObjects(v);
}
