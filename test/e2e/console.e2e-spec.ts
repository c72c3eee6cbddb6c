import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { consoleDir } from '../../src/shared/http/console-static.js';
import { WebhookDispatcher } from '../../src/modules/integration/webhooks/application/webhook-dispatcher.js';
import { applicant, DEPT, ITEM } from '../support/case-helpers.js';
import { FAKE_SYSTEM_ENV, FakeDepartmentSystem } from './integration-support.js';
import { PROJECT_ROOT, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The console in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * Without Chromium these tests are reported as skipped, with the reason printed, never as passed.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(
    `SKIPPED: the console browser tests need Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk)`,
  );
const describeInBrowser = haveChromium ? describe : describe.skip;
// The README's screenshots are refreshed only when asked (CONSOLE_SCREENSHOTS=1): a test run leaves the
// working tree as it found it. Otherwise they go to a throw-away folder (taking them still renders each page).
const SHOTS =
  process.env.CONSOLE_SCREENSHOTS === '1'
    ? path.join(PROJECT_ROOT, 'docs/console')
    : path.join(os.tmpdir(), `tongban-console-shots-${process.pid}`);
// As root, in a container without a display or network: the flags the platform notes found necessary.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describeInBrowser('web console (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];
  const receiver = new FakeDepartmentSystem('console-webhook-secret-000000001');
  const failedResponses: string[] = [];

  /** A token from the development sign-in (the app runs on its generated secret, as after `npm start`). */
  const token = async (roles: string[], sub: string, dept = DEPT) => {
    const res = await t.http().post('/api/v1/auth/dev-login').send({ roles, dept, sub, name: sub });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  const api = (method: 'get' | 'post' | 'put', url: string, tok: string) =>
    t.http()[method](url).set('Authorization', `Bearer ${tok}`);

  const signIn = async (roles: string[], sub: string, dept = DEPT) => {
    await page.goto(`${base}login`);
    const form = page.locator('section', { has: page.getByRole('heading', { name: '本地开发登录' }) });
    for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
    const names: Record<string, string> = {
      admin: '管理员',
      'process-admin': '流程管理员',
      window: '窗口人员',
      handler: '承办人',
      leader: '审批领导',
      supervisor: '督办人员',
    };
    for (const r of roles) await form.getByLabel(names[r]!, { exact: true }).check();
    await form.getByLabel('部门编码').fill(dept);
    await form.getByLabel('用户编号').fill(sub);
    await form.getByRole('button', { name: '开发登录' }).click();
    await page.waitForURL((u) => !u.pathname.endsWith('/login'));
    await expect(page.getByTestId('who').textContent()).resolves.toContain(roles[0]);
  };

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  /** Completes a case's task from the inbox: find its row, open the dialog, choose the outcome, write the opinion. */
  const completeFromInbox = async (caseNo: string, taskName: string, outcome?: string, screenshot?: string) => {
    await page.goto(`${base}inbox`);
    const row = page.getByTestId('inbox').locator('tr', { hasText: caseNo }).filter({ hasText: taskName });
    await row.getByRole('button', { name: `办理 ${taskName}` }).click();
    const dialog = page.getByRole('dialog');
    if (outcome) await dialog.getByLabel('办理结果').selectOption(outcome);
    await dialog.getByLabel('办理意见').fill(`${taskName}：同意`);
    if (screenshot) await shot(screenshot);
    await dialog.getByTestId('submit-task').click();
    await page.getByText('已办理').first().waitFor();
    await row.waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    expect(consoleDir()).not.toBeNull(); // `npm test` builds the console first (pretest)
    t = await startTestApp({
      loadWorkflows: true,
      env: {
        AUTH_JWT_SECRET: '',
        TONGBAN_CLOCK_CONTROL: '1',
        ...FAKE_SYSTEM_ENV,
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_TIMEOUT_MS: '2000',
      },
    });
    t.app.get(WebhookDispatcher).start();
    await receiver.up();
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/console/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) failedResponses.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await receiver.down();
    await browser?.close();
    await t?.close();
  });

  it('serves the console with a fallback to index.html for its own paths, and nothing else below /console', async () => {
    const deep = await t.http().get('/console/cases/123');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<div id="app">');
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect((await t.http().get('/console/assets/missing.js')).status).toBe(404);
  });

  it('draws, checks and deploys a process: a compile error shows on its element', async () => {
    await page.goto(base);
    await page.waitForURL(/\/console\/login/);
    await shot('login');
    await signIn(['process-admin'], 'designer');
    await page.getByTestId('new-process').click();
    await page.waitForURL(/\/console\/modeler/);
    const props = page.getByTestId('properties');
    // The process itself is selected first: give it a key.
    await props.getByLabel('编号', { exact: true }).fill('console-demo');
    await props.getByLabel('编号', { exact: true }).press('Tab');
    // Select the user task on the canvas and give it a time limit the engine does not accept.
    await page.locator('[data-element-id="review"]').click();
    await expect(props.getByLabel('节点时限（tb:timeLimit）').inputValue()).resolves.toBe('2WD');
    await props.getByLabel('节点时限（tb:timeLimit）').fill('3 days');
    await props.getByLabel('节点时限（tb:timeLimit）').press('Tab');
    await page.getByTestId('save').click();
    const problems = page.getByTestId('problems');
    await problems.waitFor();
    await expect(problems.textContent()).resolves.toContain('review');
    await page.locator('[data-element-id="review"].tb-error').waitFor();
    await expect(page.locator('.djs-overlay .tb-error-badge').first().textContent()).resolves.toMatch(/^BPMN\./);
    await shot('modeler-error');
    // Fixed: the problem's entry selects its element; the check passes, the markers go, it deploys as version 1.
    await problems.getByRole('button', { name: /review/ }).click();
    await props.getByLabel('节点时限（tb:timeLimit）').fill('1WD');
    await props.getByLabel('节点时限（tb:timeLimit）').press('Tab');
    await page.keyboard.press('Control+s');
    await page.getByTestId('check-ok').waitFor();
    await expect(page.locator('.tb-error').count()).resolves.toBe(0);
    await page.getByTestId('deploy').click();
    await page.getByText('已部署 console-demo 第 1 版').waitFor();
    await shot('modeler');
    const admin = await token(['admin'], 'admin-1');
    const defs = await api('get', '/api/v1/process-definitions?key=console-demo', admin);
    expect(defs.body.items.map((d: { version: number }) => d.version)).toEqual([1]);
    const xml = await api('get', `/api/v1/process-definitions/${defs.body.items[0].id}/xml`, admin);
    expect(xml.text).toContain('tb:timeLimit="1WD"');
    await page.goto(`${base}definitions`);
    await page.getByTestId('definitions').getByText('console-demo').waitFor();
    await shot('definitions');
    // Open the deployed version, rename the process, deploy version 2, and compare the two versions' XML.
    await page
      .getByTestId('definitions')
      .locator('tr', { hasText: 'console-demo' })
      .getByRole('button', { name: '编辑' })
      .click();
    await page.waitForURL(/\/console\/modeler\/[0-9a-f-]{36}/);
    await props.getByLabel('名称', { exact: true }).fill('控制台演示');
    await props.getByLabel('名称', { exact: true }).press('Tab');
    await page.getByTestId('deploy').click();
    await page.getByText('已部署 console-demo 第 2 版').waitFor();
    await page.goto(`${base}definitions`);
    await page
      .getByTestId('definitions')
      .locator('tr', { hasText: 'console-demo' })
      .getByRole('button', { name: '版本' })
      .click();
    await page.getByRole('button', { name: '版本对比' }).click();
    const diff = page.getByTestId('diff');
    await diff.locator('.diff-add', { hasText: 'name="控制台演示"' }).waitFor();
    await diff.locator('.diff-del', { hasText: 'name="新流程"' }).waitFor();
  });

  it('opens a Camunda Modeler file and saves it without losing its camunda: attributes', async () => {
    const file = path.join(PROJECT_ROOT, 'test/fixtures/bpmn/camunda-modeler/leave-request.bpmn');
    await page.goto(`${base}modeler`);
    await page.locator('[data-element-id="review"]').waitFor(); // the new-process template first
    await page.locator('input[type=file]').setInputFiles(file);
    await page.locator('[data-element-id="Task_approve"]').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 BPMN' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('leave-request.bpmn');
    const saved = fs.readFileSync(await download.path(), 'utf8');
    for (const kept of [
      'camunda:formKey="embedded:app:forms/approve.html"',
      'camunda:candidateGroups="410100-SJJ"',
      'camunda:initiator="initiator"',
      'camunda:historyTimeToLive="180"',
      '<camunda:inputParameter name="days">${days}</camunda:inputParameter>',
      'modeler:executionPlatform="Camunda Platform"',
    ])
      expect(saved).toContain(kept);
    // The engine reads the saved file as it reads the original.
    const admin = await token(['admin'], 'admin-1');
    const dry = async (xml: string) => {
      const res = await api('post', '/api/v1/process-definitions?dryRun=true', admin)
        .set('Content-Type', 'application/xml')
        .send(xml);
      return [res.status, res.body.code, res.body.definitions?.[0]?.key];
    };
    expect(await dry(saved)).toEqual(await dry(fs.readFileSync(file, 'utf8')));
  });

  it('walks a case of the drawn process from the inbox and marks its path on the diagram', async () => {
    const window = await token(['window'], 'window-1');
    const created = await api('post', '/api/v1/cases', window).send({
      processKey: 'console-demo',
      department: DEPT,
      applicant,
      variables: { department: DEPT },
    });
    expect([created.status, created.body.code]).toEqual([201, undefined]);
    await signIn(['handler'], 'handler-1');
    await completeFromInbox(created.body.caseNo, '审查', 'pass');
    await page.goto(`${base}cases/${created.body.id}`);
    await page.locator('[data-element-id="end"].tb-done').waitFor();
    for (const id of ['start', 'review', 'end']) await page.locator(`[data-element-id="${id}"].tb-done`).waitFor();
    // A straight connection has no height, so Playwright never calls it visible: attached is what counts.
    for (const id of ['flow-1', 'flow-2'])
      await page.locator(`[data-element-id="${id}"].tb-path`).waitFor({ state: 'attached' });
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('审查：同意');
  });

  it('walks the nine steps of a case with window, handler and leader from the inbox', async () => {
    const window = await token(['window'], 'window-1');
    const created = await api('post', '/api/v1/cases', window).send({
      itemCode: ITEM,
      applicant,
      variables: { inspectionRequired: true },
    });
    expect(created.status).toBe(201);
    const caseNo = created.body.caseNo as string;
    await signIn(['window'], 'window-1');
    await completeFromInbox(caseNo, '窗口受理', 'accept', 'inbox');
    await signIn(['handler'], 'handler-1');
    await completeFromInbox(caseNo, '现场勘察');
    await completeFromInbox(caseNo, '审查', 'pass');
    await signIn(['leader'], 'leader-1');
    await page.goto(`${base}cases/${created.body.id}`);
    // Mid-way: the approval is active, the steps before it are done, the return path not taken.
    await page.locator('[data-element-id="approve"].tb-active').waitFor();
    await page.locator('[data-element-id="review"].tb-done').waitFor();
    await page.locator('[data-element-id="flow-inspection"].tb-path').waitFor({ state: 'attached' });
    await expect(page.locator('[data-element-id="flow-no-inspection"].tb-path').count()).resolves.toBe(0);
    await shot('case');
    // The leader sends it back once: the return dialog offers the steps the case has passed.
    await page.goto(`${base}inbox`);
    const approval = page.getByTestId('inbox').locator('tr', { hasText: caseNo }).filter({ hasText: '审批' });
    await approval.getByRole('button', { name: '退回 审批' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('退回到').locator('option').allTextContents()).resolves.toEqual([
      '窗口受理 (receive)',
      '现场勘察 (inspect)',
      '审查 (review)',
    ]);
    await dialog.getByLabel('退回到').selectOption('review');
    await dialog.getByLabel('办理意见').fill('请补充核查意见');
    await dialog.getByTestId('submit-task').click();
    await page.getByText('已退回').first().waitFor();
    await signIn(['handler'], 'handler-1');
    await completeFromInbox(caseNo, '审查', 'pass');
    await signIn(['leader'], 'leader-1');
    await completeFromInbox(caseNo, '审批', 'approve');
    await signIn(['handler'], 'handler-1');
    await completeFromInbox(caseNo, '制证');
    await completeFromInbox(caseNo, '盖章');
    await signIn(['window'], 'window-1');
    await completeFromInbox(caseNo, '发证');
    await signIn(['handler'], 'handler-1');
    await completeFromInbox(caseNo, '公示');
    await completeFromInbox(caseNo, '归档');
    await page.goto(`${base}cases/${created.body.id}`);
    await expect(page.getByTestId('case-status').textContent()).resolves.toContain('办结（准予）');
    await page.locator('[data-element-id="archive"].tb-done').waitFor();
    await expect(page.locator('.tb-active').count()).resolves.toBe(0);
    const steps = await api(
      'get',
      `/api/v1/tasks?caseId=${created.body.id}&state=completed&scope=all&limit=50`,
      await token(['admin'], 'admin-1'),
    );
    expect(steps.body.items.map((x: { elementId: string }) => x.elementId)).toEqual([
      'receive',
      'inspect',
      'review',
      'review',
      'approve',
      'certify',
      'seal',
      'issue',
      'publish',
      'archive',
    ]);
    await expect(page.getByTestId('timeline').textContent()).resolves.toContain('请补充核查意见');
    await page.goto(`${base}cases`);
    await page.getByTestId('cases').getByText(caseNo).waitFor();
    await shot('cases');
  });

  it('shows the lead department every co-department opinion of a joint approval', async () => {
    const [lead, co] = ['410100-CGJ', ['410100-ZRZY', '410100-GAJ']] as const;
    const window = await token(['window'], 'cg-window', lead);
    const created = await api('post', '/api/v1/cases', window).send({ itemCode: '410100-CGJ-XK-003', applicant });
    expect(created.status).toBe(201);
    const receive = await api('get', `/api/v1/tasks?caseId=${created.body.id}`, window);
    await api('post', `/api/v1/tasks/${receive.body.items[0].id}/complete`, window)
      .send({ outcome: 'accept' })
      .expect(200);
    const opinions = ['规划选址符合要求', '占用消防通道，不同意'];
    for (const [i, dept] of co.entries()) {
      const handler = await token(['handler'], `h-${dept}`, dept);
      const mine = await api('get', `/api/v1/tasks?caseId=${created.body.id}`, handler);
      await api('post', `/api/v1/tasks/${mine.body.items[0].id}/complete`, handler)
        .send({ outcome: i === 0 ? 'approve' : 'reject', opinion: opinions[i] })
        .expect(200);
    }
    await signIn(['leader'], 'cg-leader', lead);
    await page.goto(`${base}inbox`);
    const row = page.getByTestId('inbox').locator('tr', { hasText: created.body.caseNo });
    for (const [i, dept] of co.entries())
      await row.getByText(`${dept}: ${i === 0 ? 'approve' : 'reject'} ${opinions[i]}`).waitFor();
    await row.getByRole('button', { name: /^办理/ }).click();
    const box = page.getByRole('dialog').locator('.joint-box');
    for (const o of opinions) await box.getByText(o, { exact: false }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
  });

  it('shows operations: a dead webhook delivery is redelivered from the console', async () => {
    const admin = await token(['admin'], 'admin-1');
    receiver.status = () => 500;
    const hook = await api('post', '/api/v1/webhooks', admin)
      .send({ url: receiver.url, events: ['case.created'], secret: 'console-webhook-secret-000000001' })
      .expect(201);
    const created = await api('post', '/api/v1/cases', await token(['window'], 'window-1')).send({
      itemCode: ITEM,
      applicant,
    });
    const deliveries = () =>
      api('get', `/api/v1/webhooks/${hook.body.id}/deliveries?limit=50`, admin).then(
        (r) => r.body.items as { caseId: string; state: string }[],
      );
    const stateOf = async () => (await deliveries()).find((d) => d.caseId === created.body.id)?.state;
    // One attempt only (WEBHOOK_MAX_ATTEMPTS=1): the 500 makes it a dead letter. (Before the test clock
    // moves: a redelivery is scheduled on the service's clock.)
    for (let i = 0; i < 200 && (await stateOf()) !== 'dead'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await stateOf()).toBe('dead');
    await signIn(['admin'], 'admin-1');
    await page.goto(`${base}operations`);
    await page.getByTestId('calendar').waitFor();
    const row = page.getByTestId('dead-deliveries').locator('tr', { hasText: 'case.created' });
    await row.waitFor();
    await shot('operations');
    receiver.status = () => 200;
    await row.getByRole('button', { name: '重新投递' }).click();
    await page.getByText('操作成功').first().waitFor();
    for (let i = 0; i < 200 && (await stateOf()) !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await stateOf()).toBe('delivered');
  });

  it('shows a red card on the board once the test clock passes the legal time limit', async () => {
    const admin = await token(['admin'], 'admin-1');
    const window = await token(['window'], 'window-1');
    const created = await api('post', '/api/v1/cases', window).send({ itemCode: ITEM, applicant });
    const tasks = await api('get', `/api/v1/tasks?caseId=${created.body.id}&scope=all`, window);
    await api('post', `/api/v1/tasks/${tasks.body.items[0].id}/complete`, window)
      .send({ outcome: 'accept' })
      .expect(200);
    // 10 working days legal limit: six weeks on, the legal clock has run out and the card is red.
    const now = new Date(Date.now() + 42 * 86_400_000);
    for (const year of new Set([new Date().getFullYear(), now.getFullYear()])) {
      if ((await api('get', `/api/v1/calendars/CN/${year}`, admin)).status === 404)
        await api('put', `/api/v1/calendars/CN/${year}`, admin).send({ holidays: [], makeupWorkdays: [] }).expect(200);
    }
    await api('post', '/api/v1/admin/clock', admin).send({ now: now.toISOString() }).expect(200);
    await signIn(['supervisor'], 'supervisor-1');
    await page.goto(`${base}board`);
    const card = page.getByTestId('cards').locator(`article[data-level="red"]`, { hasText: DEPT });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(created.body.caseNo);
    await page.getByTestId('overdue').getByText(created.body.caseNo).waitFor();
    await shot('board');
    // The statistics export: a UTF-8 CSV with a byte-order mark, one row per department.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    const text = fs.readFileSync(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFFkey,name,received,closed,onTime,onTimeRate,')).toBe(true);
    expect(text).toContain(`"${DEPT}"`);
  });

  it('shows operations, works by keyboard and switches to English', async () => {
    await signIn(['admin'], 'admin-1');
    await page.goto(`${base}operations`);
    await page.getByTestId('calendar').waitFor();
    // Keyboard: the first Tab reaches the skip link, the next ones the main navigation; Enter follows a link.
    await page.keyboard.press('Tab');
    await expect(
      page
        .locator(':focus')
        .textContent()
        .then((x) => x?.trim()),
    ).resolves.toBe('跳到主要内容');
    await page.keyboard.press('Tab');
    await expect(
      page
        .locator(':focus')
        .textContent()
        .then((x) => x?.trim()),
    ).resolves.toBe('流程定义');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases$/);
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('link', { name: 'Supervision board' }).waitFor();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
  });

  it('logged no console error, and no failed request but the dry run it asked for', () => {
    // The only failed requests are the dry run's 422 answer to the broken time limit.
    expect(failedResponses).toEqual(['422 POST /api/v1/process-definitions']);
    expect(consoleErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});
