import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  literalSegments: number;
  op: { operationId?: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
}
export interface CheckedResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
  text?: string;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Checks answers against the OpenAPI document the application serves: the status must be documented for
 * the operation, and a JSON body must match its schema, where objects may not carry undocumented fields.
 * The test client runs every response through it, so the document cannot drift from what is sent.
 */
export class ResponseValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenAPIObject) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ $id: 'api', components: toJsonSchema(structuredClone(document.components)) });
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
        const segments = template.split('/');
        this.routes.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${segments.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : escape(s))).join('/')}$`),
          literalSegments: segments.filter((s) => !s.startsWith('{')).length,
          op: op as Route['op'],
        });
      }
    }
    this.routes.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** The problems with one answer; empty when it matches the document (or no documented route matches). */
  problems(method: string, url: string, res: CheckedResponse): string[] {
    const path = new URL(url, 'http://localhost').pathname;
    const route = this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
    if (!route) return [];
    const where = `${route.op.operationId ?? route.template} (${method.toUpperCase()} ${path}) ${res.status}`;
    const status = String(res.status);
    const documented = route.op.responses[status] ?? route.op.responses[`${status[0]}XX`] ?? route.op.responses.default;
    if (!documented) return [`${where}: status not documented`];
    const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    if (!/[/+]json$/.test(type) || res.text === undefined || res.text === '') return [];
    const content = documented.content ?? {};
    if (!content[type])
      return [`${where}: ${type} body not documented (documented: ${Object.keys(content).join(', ') || 'none'})`];
    const key = `${route.method} ${route.template} ${status} ${type}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const schema = toJsonSchema(structuredClone(content[type].schema ?? {}) as Json);
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(res.body)) return [];
    return (validate.errors ?? [])
      .slice(0, 8)
      .map((e) => `${where}: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** OpenAPI 3.0 schema → JSON Schema: refs into the stored document, `nullable`, closed objects. */
function toJsonSchema<T>(node: T): T {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n)) as T;
  if (!node || typeof node !== 'object') return node;
  const o = node as Json;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'example' || k === 'examples') delete o[k];
    else o[k] = toJsonSchema(v);
  }
  if (typeof o.$ref === 'string' && o.$ref.startsWith('#/components/')) o.$ref = `api${o.$ref}`;
  if (o.properties && o.additionalProperties === undefined && !o.allOf && !o.anyOf && !o.oneOf) {
    o.additionalProperties = false;
  }
  if (o.nullable === true) {
    delete o.nullable;
    const rest = { ...o };
    for (const k of Object.keys(o)) if (k !== 'description') delete o[k];
    o.anyOf = [rest, { type: 'null' }];
  }
  return o as T;
}
