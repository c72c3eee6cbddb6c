import type { TestApp } from './test-app.js';

export const DEPT = '410100-SJJ';
export const ITEM = '410100-SJJ-XK-001';

/** The standard-approval steps, in order, when the on-site inspection is required. */
export const NINE_STEPS = ['receive', 'inspect', 'review', 'approve', 'certify', 'seal', 'issue', 'publish', 'archive'];

export interface Staff {
  window: string;
  handler: string;
  leader: string;
  supervisor: string;
  admin: string;
}

export function staff(t: TestApp, dept = DEPT): Staff {
  return {
    window: t.token({ roles: ['window'], dept, sub: `window-${dept}`, name: '窗口人员' }),
    handler: t.token({ roles: ['handler'], dept, sub: `handler-${dept}`, name: '承办人' }),
    leader: t.token({ roles: ['leader'], dept, sub: `leader-${dept}`, name: '审批领导' }),
    supervisor: t.token({ roles: ['supervisor'], sub: 'supervisor-1', name: '监察员' }),
    admin: t.token({ roles: ['admin'], sub: 'admin-1', name: '管理员' }),
  };
}

export const applicant = {
  type: 'LEGAL_PERSON',
  name: '郑州市好味道餐饮有限公司',
  uscc: '91410100MA44ABCD1F',
  phone: '13800138000',
  legalRepresentative: '王五',
};

export async function openCase(
  t: TestApp,
  token: string,
  body: Record<string, unknown> = {},
): Promise<{ id: string; caseNo: string; queryCode: string; status: string }> {
  const res = await t
    .http()
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${token}`)
    .send({ itemCode: ITEM, applicant, ...body });
  if (res.status !== 201) throw new Error(`create case: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The one open task of a case at an element, as the given user sees it. */
export async function taskAt(
  t: TestApp,
  token: string,
  caseId: string,
  elementId: string,
): Promise<{ id: string; [k: string]: unknown }> {
  const res = await t
    .http()
    .get(`/api/v1/tasks?caseId=${caseId}&elementId=${elementId}&scope=all`)
    .set('Authorization', `Bearer ${token}`);
  const task = res.body.items?.[0];
  if (res.status !== 200 || !task)
    throw new Error(`no open task ${elementId} on ${caseId}: ${res.status} ${JSON.stringify(res.body)}`);
  return task;
}

export async function complete(t: TestApp, token: string, taskId: string, body: Record<string, unknown> = {}) {
  return t.http().post(`/api/v1/tasks/${taskId}/complete`).set('Authorization', `Bearer ${token}`).send(body);
}

/** Completes the open task at an element and expects success. */
export async function step(
  t: TestApp,
  token: string,
  caseId: string,
  elementId: string,
  body: Record<string, unknown> = {},
): Promise<void> {
  const task = await taskAt(t, token, caseId, elementId);
  const res = await complete(t, token, task.id, body);
  if (res.status !== 200) throw new Error(`complete ${elementId}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function getCase(t: TestApp, token: string, id: string) {
  const res = await t.http().get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${token}`);
  return res.body;
}

/** After an approval: certify, seal, issue, publish and archive, each by the role that does it. */
export async function finishAfterDecision(t: TestApp, s: Staff, caseId: string): Promise<void> {
  for (const [el, who] of [
    ['certify', s.handler],
    ['seal', s.handler],
    ['issue', s.window],
    ['publish', s.handler],
    ['archive', s.handler],
  ] as const) {
    await step(t, who, caseId, el);
  }
}
