import { startTestApp, type TestApp } from '../support/test-app.js';

const validItem = (over: Record<string, unknown> = {}) => ({
  code: 'T-410100-WJW-XK-900',
  name: '公共场所卫生许可（测试）',
  itemType: 'ADMIN_LICENSE',
  level: 'HANDLING',
  basicCode: '000112001000',
  implementationCode: '11410100MB00000005-XK-900',
  exerciseLevel: 'CITY',
  regionCode: '410100',
  department: '410100-WJW',
  competentDepartment: { code: '410100-WJW', name: '郑州市卫生健康委员会' },
  implementingAgency: { name: '郑州市卫生健康委员会', regionCode: '410100000000' },
  agencyNature: 'STATUTORY_ORGAN',
  serviceObjects: ['LEGAL_PERSON'],
  handlingType: 'PROMISED',
  legalLimit: { value: 20, unit: 'WD' },
  legalLimitBasis: '《中华人民共和国行政许可法》第四十二条',
  promisedLimit: { value: 10, unit: 'WD' },
  legalBasis: [{ lawName: '《公共场所卫生管理条例》', level: 'ADMIN_REGULATION', articleNo: '第八条' }],
  materials: [
    { id: 'm1', name: '申请书', form: 'ORIGINAL', originalCount: 1, copyCount: 0, necessity: 'REQUIRED' },
    { id: 'm2', name: '卫生检测报告', form: 'COPY', originalCount: 0, copyCount: 1, necessity: 'TOLERABLE' },
  ],
  specialProcedures: [
    {
      type: 'SITE_SURVEY',
      name: '现场核查',
      maxDuration: { value: 5, unit: 'WD' },
      legalBasis: '地方规定',
      isCharged: false,
    },
  ],
  isCharged: false,
  toleranceAllowed: true,
  onSiteVisits: 1,
  processKey: 'standard-approval',
  status: 'IN_USE',
  effectiveFrom: '2025-01-01',
  ...over,
});

describe('approval items over HTTP', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    admin = t.token({ roles: ['process-admin'], dept: '410100-WJW' });
  });
  afterAll(() => t.close());

  const post = (body: unknown, token = admin) =>
    t
      .http()
      .post('/api/v1/items')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);

  it('loads the shipped catalogue at start-up, idempotently', async () => {
    const list = await t.http().get('/api/v1/items?limit=200').set('Authorization', `Bearer ${admin}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThanOrEqual(6);
    const versions = list.body.items.map((i: { version: number }) => i.version);
    const { WorkflowLoader } = await import('../../src/modules/workflows/workflow-loader.js');
    const again = await t.app.get(WorkflowLoader).load();
    expect(again.definitions.every((d) => !d.created)).toBe(true);
    const after = await t.http().get('/api/v1/items?limit=200').set('Authorization', `Bearer ${admin}`);
    expect(after.body.items.map((i: { version: number }) => i.version)).toEqual(versions);
  });

  it('creates an item, fills domain defaults, and replaces it as version 2', async () => {
    const created = await post(validItem());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'T-410100-WJW-XK-900', version: 1, fees: [] });
    expect(created.body.specialProcedures[0].countsInLegalLimit).toBe(false);
    const dup = await post(validItem());
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ITEM.ALREADY_EXISTS');
    const put = await t
      .http()
      .put('/api/v1/items/T-410100-WJW-XK-900')
      .set('Authorization', `Bearer ${admin}`)
      .send(validItem({ promisedLimit: { value: 5, unit: 'WD' } }));
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 2, promisedLimit: { value: 5, unit: 'WD' } });
    const get = await t.http().get('/api/v1/items/T-410100-WJW-XK-900').set('Authorization', `Bearer ${admin}`);
    expect(get.body.version).toBe(2);
  });

  it('refuses items that break the domain rules, listing every problem', async () => {
    const res = await post(
      validItem({
        code: 'T-BAD-1',
        promisedLimit: { value: 25, unit: 'WD' },
        processKey: 'no-such-process',
        materials: [
          { id: 'm1', name: '检测报告', form: 'COPY', originalCount: 0, copyCount: 1, necessity: 'TOLERABLE' },
        ],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ITEM.INVALID');
    expect(res.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(
      ['ITEM.PROCESS_NOT_FOUND', 'ITEM.PROMISED_EXCEEDS_LEGAL', 'ITEM.TOLERABLE_ONLY_MATERIAL'].sort(),
    );
    const missing = await t.http().get('/api/v1/items/T-BAD-1').set('Authorization', `Bearer ${admin}`);
    expect(missing.status).toBe(404);
  });

  it('refuses wrong types and unknown fields with 400 and a path per problem', async () => {
    const res = await post(
      validItem({ code: 'T-BAD-2', legalLimit: { value: 'twenty', unit: 'MONTHS' }, hacker: true }),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['legalLimit.value', 'legalLimit.unit', 'hacker']));
  });

  it('allows different units to differ (promised in natural days vs legal working days)', async () => {
    const res = await post(validItem({ code: 'T-UNITS', name: '单位测试', promisedLimit: { value: 25, unit: 'ND' } }));
    expect(res.status).toBe(201);
  });

  it('filters and paginates the list', async () => {
    const page = await t
      .http()
      .get('/api/v1/items?department=410100-WJW&limit=1')
      .set('Authorization', `Bearer ${admin}`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items.every((i: { department: string }) => i.department === '410100-WJW')).toBe(true);
    expect(page.body.total).toBeGreaterThan(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const byText = await t
      .http()
      .get(`/api/v1/items?q=${encodeURIComponent('公共场所卫生许可（测试）')}`)
      .set('Authorization', `Bearer ${admin}`);
    expect(byText.body.items.map((i: { code: string }) => i.code)).toEqual(['T-410100-WJW-XK-900']);
    const bad = await t.http().get('/api/v1/items?limit=5000').set('Authorization', `Bearer ${admin}`);
    expect(bad.status).toBe(400);
  });

  it('lets staff read but only process admins write (403 for a window clerk)', async () => {
    const clerk = t.token({ roles: ['window'], dept: '410100-WJW' });
    expect((await t.http().get('/api/v1/items').set('Authorization', `Bearer ${clerk}`)).status).toBe(200);
    const res = await post(validItem({ code: 'T-CLERK' }), clerk);
    expect(res.status).toBe(403);
  });
});
