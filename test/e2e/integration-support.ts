// Helpers for the department-system e2e tests (messages, external tasks, webhooks, API keys).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/modules/integration/webhooks/domain/signature.js';
import { applicant } from '../support/case-helpers.js';
import type { TestApp } from '../support/test-app.js';

export const BPMN_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:tb="urn:tongban:bpmn" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="urn:tongban:test">';

/** A process: body is the inside of <bpmn:process>, messages are <bpmn:message> declarations. */
export function bpmn(id: string, body: string, messages: Record<string, string> = {}, extraDefs = ''): string {
  const msgs = Object.entries(messages)
    .map(([mid, name]) => `<bpmn:message id="${mid}" name="${name}"/>`)
    .join('');
  return `${BPMN_HEAD}${msgs}${extraDefs}<bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;
}

/** Sequence flows from a chain of element ids: flows('a','b','c') = a→b, b→c. */
export function flows(...ids: string[]): string {
  return ids
    .slice(1)
    .map((to, i) => `<bpmn:sequenceFlow id="f_${ids[i]}_${to}" sourceRef="${ids[i]}" targetRef="${to}"/>`)
    .join('');
}

export async function deploy(t: TestApp, xml: string): Promise<void> {
  const res = await t
    .http()
    .post('/api/v1/process-definitions')
    .set('Authorization', `Bearer ${t.token({ roles: ['process-admin'], sub: 'pa-1' })}`)
    .type('application/xml')
    .send(xml);
  if (res.status !== 201 && res.status !== 200) throw new Error(`deploy: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function apiKey(t: TestApp, department: string, scopes: string[], name = `${department} 系统`) {
  const res = await t
    .http()
    .post('/api/v1/api-keys')
    .set('Authorization', `Bearer ${t.token({ roles: ['admin'], sub: 'admin-1' })}`)
    .send({ name, department, scopes });
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string };
}

export async function startCase(
  t: TestApp,
  processKey: string,
  department: string,
  body: { variables?: Record<string, unknown>; businessKey?: string } = {},
): Promise<{ id: string; caseNo: string }> {
  const res = await t
    .http()
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${t.token({ roles: ['window'], dept: department, sub: `window-${department}` })}`)
    .send({ processKey, applicant, department, regionCode: department.slice(0, 6), ...body });
  if (res.status !== 201) throw new Error(`start ${processKey}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function caseOf(t: TestApp, id: string) {
  const res = await t
    .http()
    .get(`/api/v1/cases/${id}`)
    .set('Authorization', `Bearer ${t.token({ roles: ['supervisor'], sub: 'sup-1' })}`);
  return res.body;
}

export async function timelineOf(t: TestApp, id: string): Promise<{ type: string; [k: string]: unknown }[]> {
  const res = await t
    .http()
    .get(`/api/v1/cases/${id}/timeline?limit=200`)
    .set('Authorization', `Bearer ${t.token({ roles: ['supervisor'], sub: 'sup-1' })}`);
  return res.body.items;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until check() is truthy (or fails with the last value after timeoutMs). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await sleep(50);
  }
}

export interface Received {
  id: string;
  type: string;
  seq: number;
  caseId: string | null;
  data: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

/** The fake department system listens on 127.0.0.1, which production refuses as a webhook target. */
export const FAKE_SYSTEM_ENV = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' };

/**
 * The fake department system: an HTTP server on 127.0.0.1 (apps posting to it need FAKE_SYSTEM_ENV) that checks every signature, answers with
 * `status()` and can go down and come back on the same port.
 */
export class FakeDepartmentSystem {
  readonly received: Received[] = [];
  readonly badSignatures: string[] = [];
  /** Event ids of every correctly signed request, whatever it was answered. */
  readonly attempts: string[] = [];
  status: () => number = () => 200;
  private server: http.Server | null = null;
  port = 0;

  constructor(private readonly secret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/tongban/events`;
  }

  async up(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const sig = req.headers['x-tongban-signature'];
        if (!verifySignature(this.secret, body, typeof sig === 'string' ? sig : undefined)) {
          this.badSignatures.push(body);
          res.writeHead(401).end();
          return;
        }
        const code = this.status();
        this.attempts.push((JSON.parse(body) as { id: string }).id);
        if (code >= 200 && code < 300) {
          const event = JSON.parse(body) as Omit<Received, 'headers'>;
          this.received.push({ ...event, headers: req.headers });
        }
        res.writeHead(code).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Events once each (by event id), in the order first received. */
  unique(): Received[] {
    const seen = new Set<string>();
    return this.received.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  }
}
