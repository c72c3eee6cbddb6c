import pg from 'pg';
import type { TestApp } from './test-app.js';

/** The outbox (webhook events) of one case as committed, oldest first. */
export async function outboxTypes(t: TestApp, caseId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    const res = await client.query<{ type: string }>('SELECT type FROM outbox_event WHERE case_id = $1 ORDER BY seq', [
      caseId,
    ]);
    return res.rows.map((r) => r.type);
  } finally {
    await client.end();
  }
}

export async function getTask(t: TestApp, token: string, id: string) {
  return t.http().get(`/api/v1/tasks/${id}`).set('Authorization', `Bearer ${token}`);
}

export async function returnTask(t: TestApp, token: string, id: string, targetElementId: string, opinion = '退回') {
  return t
    .http()
    .post(`/api/v1/tasks/${id}/return`)
    .set('Authorization', `Bearer ${token}`)
    .send({ targetElementId, opinion });
}
