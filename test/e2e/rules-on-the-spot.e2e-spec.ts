import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applicant, getCase, staff, type Staff, step } from '../support/case-helpers.js';
import { outboxTypes } from '../support/rules-helpers.js';
import { PROJECT_ROOT, startTestApp, type TestApp } from '../support/test-app.js';
import { moveClock, timeline } from '../support/timing-helpers.js';

const base = JSON.parse(
  readFileSync(path.join(PROJECT_ROOT, 'workflows/items/410100-SJJ-XK-001.json'), 'utf8'),
) as Record<string, unknown>;
// The same matter as a 告知承诺制 item (a second item, domain.md §2.2) and a 即办件.
const COMMITMENT_ITEM = {
  ...base,
  code: '410100-SJJ-XK-001-CN',
  name: '食品经营许可（新办，告知承诺制）',
  approvalMode: 'NOTICE_COMMITMENT',
  commitment: { verificationWorkingDays: 10, verificationBasis: '国办发〔2020〕42号：事中事后核查' },
};
const IMMEDIATE_ITEM = {
  ...base,
  code: '410100-SJJ-XK-001-JB',
  name: '食品经营许可（补证，即办件）',
  handlingType: 'IMMEDIATE',
  legalLimit: { value: 1, unit: 'WD' },
  promisedLimit: { value: 1, unit: 'WD' },
};

describe('rules: 即办件 and 告知承诺制 are decided at the window; a failed verification revokes', () => {
  let t: TestApp;
  let s: Staff;
  const post = (token: string, p: string, body: object) =>
    t.http().post(`/api/v1${p}`).set('Authorization', `Bearer ${token}`).send(body);
  const open = async (itemCode: string) => {
    const res = await post(s.window, '/cases', { itemCode, applicant });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
    for (const item of [COMMITMENT_ITEM, IMMEDIATE_ITEM])
      expect((await post(s.admin, '/items', item)).status).toBe(201);
    const { commitment: _c, ...noRule } = COMMITMENT_ITEM;
    const bad = await post(s.admin, '/items', { ...noRule, code: '410100-SJJ-XK-001-X' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { code: string }) => e.code)).toContain('ITEM.COMMITMENT_RULE_REQUIRED');
  });
  afterAll(() => t.close());

  it('approves a commitment case on the spot and opens a 10-working-day verification; a failed one revokes the approval', async () => {
    // Monday 2026-12-07 10:00. Verification: 10 WD after the decision → 12/08 … 12/21, due 2026-12-21 24:00.
    await moveClock(t, s.admin, '2026-12-07T10:00:00+08:00');
    const id = await open(COMMITMENT_ITEM.code);
    const noCommitment = await post(s.window, `/cases/${id}/on-the-spot-decision`, {
      decision: 'APPROVE',
      opinion: '同意',
    });
    expect(noCommitment.status).toBe(422);
    expect(noCommitment.body.code).toBe('CASE.COMMITMENT_REQUIRED');
    const decided = await post(s.window, `/cases/${id}/on-the-spot-decision`, {
      decision: 'APPROVE',
      opinion: '申请人书面承诺符合条件，当场准予许可',
      commitment: { signedBy: '王五（法定代表人）', documentRef: 'CN-2026-0001.pdf' },
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'CLOSED_APPROVED', statusCode: 11 });
    expect(decided.body.acceptedAt).toBe(decided.body.decisionAt);
    // The case goes on at 制证; review and approval are not needed.
    expect(decided.body.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['certify']);
    expect(
      (await post(s.window, `/cases/${id}/on-the-spot-decision`, { decision: 'APPROVE', opinion: 'x' })).body.code,
    ).toBe('CASE.ALREADY_DECIDED');
    const opened = (await timeline(t, s.supervisor, id)).find((e) => e.type === 'commitment.verification_opened');
    expect(opened?.data).toMatchObject({ dueAt: '2026-12-21T15:59:59.999Z', workingDays: 10 });
    for (const el of ['certify', 'seal']) await step(t, s.handler, id, el);
    await step(t, s.window, id, 'issue');
    // The verification is overdue after 12/21: a yellow card, the approval stands.
    await moveClock(t, s.admin, '2026-12-22T09:00:00+08:00');
    const alerts = await t
      .http()
      .get(`/api/v1/supervision/alerts?caseId=${id}`)
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(alerts.body.items.map((a: { triggerCode: string }) => a.triggerCode)).toContain(
      'COMMITMENT_VERIFICATION_OVERDUE',
    );
    expect(
      (await post(s.window, `/cases/${id}/commitment/verification`, { result: 'FAILED', opinion: 'x' })).status,
    ).toBe(403);
    const failed = await post(s.handler, `/cases/${id}/commitment/verification`, {
      result: 'FAILED',
      opinion: '现场核查：经营场所与承诺不符',
    });
    expect(failed.body).toMatchObject({ status: 'REVOKED', statusCode: 15, openTasks: [] });
    expect(
      (await post(s.handler, `/cases/${id}/commitment/verification`, { result: 'PASSED', opinion: 'x' })).body.code,
    ).toBe('CASE.VERIFICATION_DONE');
    const types = (await timeline(t, s.supervisor, id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['decision.on_the_spot', 'commitment.verification_failed']));
    expect(await outboxTypes(t, id)).toEqual(
      expect.arrayContaining(['case.decided_on_the_spot', 'case.commitment_recorded', 'case.approval_revoked']),
    );
  });

  it('decides a 即办件 at the window in one step, and supervises the same-day limit', async () => {
    await moveClock(t, s.admin, '2026-12-23T09:00:00+08:00');
    const quick = await open(IMMEDIATE_ITEM.code);
    const slow = await open(IMMEDIATE_ITEM.code);
    const standard = await open(base.code as string);
    expect(
      (await post(s.window, `/cases/${standard}/on-the-spot-decision`, { decision: 'APPROVE', opinion: '同意' })).body
        .code,
    ).toBe('CASE.NOT_ON_THE_SPOT');
    const done = await post(s.window, `/cases/${quick}/on-the-spot-decision`, {
      decision: 'REJECT',
      opinion: '不符合补证条件',
    });
    expect(done.body).toMatchObject({ status: 'CLOSED_REJECTED', openTasks: [] });
    expect(done.body.endedAt).toMatch(/^2026-12-23T01:00:/);
    // 'slow' is still undecided at the end of Wednesday 12/23 (Beijing): a yellow card the next morning.
    await moveClock(t, s.admin, '2026-12-24T08:00:00+08:00');
    const alerts = await t
      .http()
      .get(`/api/v1/supervision/alerts?caseId=${slow}`)
      .set('Authorization', `Bearer ${s.supervisor}`);
    // (The window's 4-working-hour node limit has raised its own NODE_EXCEEDED card too.)
    expect(
      alerts.body.items.filter((a: { triggerCode: string }) => a.triggerCode === 'IMMEDIATE_NOT_SAME_DAY'),
    ).toEqual([expect.objectContaining({ level: 'YELLOW', occurredAt: '2026-12-23T15:59:59.999Z' })]);
    const none = await t
      .http()
      .get(`/api/v1/supervision/alerts?caseId=${quick}`)
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(none.body.items.map((a: { triggerCode: string }) => a.triggerCode)).not.toContain('IMMEDIATE_NOT_SAME_DAY');
    expect((await getCase(t, s.window, slow)).status).toBe('RECEIVED');
  });
});
