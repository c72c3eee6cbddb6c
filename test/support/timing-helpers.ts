import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.factory.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { JobRunner } from '../../src/modules/timing/jobs/job-runner.js';
import type { TestApp } from './test-app.js';

/** Minimal BPMN around a body; `tb:` attributes as in workflows/. */
export function bpmn(key: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:tb="urn:tongban:bpmn" id="defs-${key}" targetNamespace="urn:tongban:test">
  <bpmn:process id="${key}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

export async function deploy(t: TestApp, admin: string, xml: string): Promise<void> {
  const res = await t
    .http()
    .post('/api/v1/process-definitions')
    .set('Authorization', `Bearer ${admin}`)
    .set('Content-Type', 'application/xml')
    .send(xml);
  if (res.status !== 201) throw new Error(`deploy: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The test clock: moves the server clock (forward only) and runs what became due. */
export async function moveClock(
  t: TestApp,
  admin: string,
  to: Date | string,
): Promise<{ now: string; jobsRun: number }> {
  const res = await t
    .http()
    .post('/api/v1/admin/clock')
    .set('Authorization', `Bearer ${admin}`)
    .send({ now: typeof to === 'string' ? to : to.toISOString() });
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The server's current time (a no-op move). */
export async function serverNow(t: TestApp, admin: string): Promise<Date> {
  return new Date((await moveClock(t, admin, new Date(0))).now);
}

export async function timeline(
  t: TestApp,
  token: string,
  caseId: string,
): Promise<{ type: string; elementId: string | null; data: Record<string, unknown> | null; opinion: string | null }[]> {
  const res = await t.http().get(`/api/v1/cases/${caseId}/timeline?limit=200`).set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`timeline: ${res.status}`);
  return res.body.items;
}

export async function openTasks(
  t: TestApp,
  token: string,
  caseId: string,
): Promise<{ id: string; elementId: string; dueAt: string | null }[]> {
  const res = await t
    .http()
    .get(`/api/v1/tasks?caseId=${caseId}&scope=all&limit=200`)
    .set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`tasks: ${res.status}`);
  return res.body.items;
}

/** A second node: the same application on the same database (two-nodes test). */
export async function startSecondNode(
  t: TestApp,
  config: Partial<AppConfig> = {},
): Promise<{ runner: JobRunner; http: () => TestAgent; close: () => Promise<void> }> {
  const app = await createApp({ ...t.config, ...config }, t.db.url, false);
  await app.init();
  const server = app.getHttpServer() as Parameters<typeof request>[0];
  return { runner: app.get(JobRunner), http: () => request(server), close: () => app.close() };
}
