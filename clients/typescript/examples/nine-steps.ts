/**
 * Walks one case through the nine steps of a 食品经营许可 (item 410100-SJJ-XK-001, process
 * standard-approval with the on-site inspection): 受理 → 踏勘 → 审查 → 审批 → 制证 → 盖章 → 发证 → 公示 → 归档,
 * each step by the role that does it, with the typed client only.
 *
 *   TONGBAN_URL=http://localhost:3000 \
 *   TONGBAN_TOKEN_WINDOW=$(npm run -s token -- --roles window --dept 410100-SJJ --sub w1 --name 窗口小王) \
 *   TONGBAN_TOKEN_HANDLER=$(npm run -s token -- --roles handler --dept 410100-SJJ --sub h1 --name 承办人) \
 *   TONGBAN_TOKEN_LEADER=$(npm run -s token -- --roles leader --dept 410100-SJJ --sub l1 --name 科长) \
 *   node clients/typescript/dist/examples/nine-steps.js
 *
 * It prints one line per step and, last, `done <case id>`; it exits 1 on the first refused call.
 */
import { randomUUID } from 'node:crypto';
import { createTongbanClient, type Schema, type TongbanClient } from '../src/index.js';

type CompleteBody = Schema<'CompleteTaskRequestDto'>;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (see the comment at the top of this file)`);
  return value;
}

const baseUrl = process.env.TONGBAN_URL ?? 'http://localhost:3000';
const window = createTongbanClient({ baseUrl, token: required('TONGBAN_TOKEN_WINDOW') });
const handler = createTongbanClient({ baseUrl, token: required('TONGBAN_TOKEN_HANDLER') });
const leader = createTongbanClient({ baseUrl, token: required('TONGBAN_TOKEN_LEADER') });

/** A refused call ends the walk with the problem's code and detail. */
function fail(what: string, error: Schema<'Problem'> | undefined, status: number): never {
  throw new Error(`${what}: ${status} ${error ? `${error.code} ${error.detail}` : ''}`);
}

const STEPS: [label: string, elementId: string, who: TongbanClient, body: CompleteBody][] = [
  ['受理', 'receive', window, { outcome: 'accept', opinion: '材料齐全，予以受理' }],
  ['踏勘', 'inspect', handler, { opinion: '现场核查符合要求' }],
  ['审查', 'review', handler, { outcome: 'pass', opinion: '审查通过，拟准予许可' }],
  ['审批', 'approve', leader, { outcome: 'approve', opinion: '同意' }],
  ['制证', 'certify', handler, {}],
  ['盖章', 'seal', handler, {}],
  ['发证', 'issue', window, {}],
  ['公示', 'publish', handler, {}],
  ['归档', 'archive', handler, { opinion: '归档' }],
];

const created = await window.POST('/api/v1/cases', {
  params: { header: { 'Idempotency-Key': randomUUID() } },
  body: {
    itemCode: '410100-SJJ-XK-001',
    applicant: { type: 'LEGAL_PERSON', name: '郑州市好味道餐饮有限公司', uscc: '91410100MA44ABCD1F' },
    variables: { inspectionRequired: true },
  },
});
if (!created.data) fail('create case', created.error, created.response.status);
const caseId = created.data.id;
console.log(`接件 case ${created.data.caseNo}: ${created.data.status}`);

for (const [label, elementId, who, body] of STEPS) {
  // The open task of this case at this step, as the person who does it sees it.
  const inbox = await who.GET('/api/v1/tasks', { params: { query: { caseId, elementId: [elementId] } } });
  if (!inbox.data) fail(`inbox at ${elementId}`, inbox.error, inbox.response.status);
  const task = inbox.data.items[0];
  if (!task) throw new Error(`no open task ${elementId} for case ${caseId}`);
  const done = await who.POST('/api/v1/tasks/{id}/complete', {
    params: { path: { id: task.id }, header: { 'Idempotency-Key': randomUUID() } },
    body,
  });
  if (!done.data) fail(`complete ${elementId}`, done.error, done.response.status);
  const now = await who.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } });
  if (!now.data) fail('read case', now.error, now.response.status);
  console.log(`${label} (${elementId}) done: case is ${now.data.status}`);
}

const closed = await window.GET('/api/v1/cases/{id}', { params: { path: { id: caseId } } });
if (!closed.data) fail('read case', closed.error, closed.response.status);
if (closed.data.endedAt === null) throw new Error(`case ${caseId} is still open: ${closed.data.status}`);
console.log(`done ${caseId}`);
