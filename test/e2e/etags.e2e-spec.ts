import { staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CODE = '410100-SJJ-XK-001';

/** ETag from the version on items and definitions; If-Match guards writes, If-None-Match saves transfers. */
describe('ETag and conditional requests', () => {
  let t: TestApp;
  let admin: string;
  const reader = () => staff(t).window;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    admin = t.token({ roles: ['process-admin'], sub: 'process-admin-1' });
  });
  afterAll(() => t.close());

  const getItem = (headers: Record<string, string> = {}) =>
    t.http().get(`/api/v1/items/${CODE}`).set('Authorization', `Bearer ${reader()}`).set(headers);
  const putItem = (body: object, headers: Record<string, string> = {}) =>
    t.http().put(`/api/v1/items/${CODE}`).set('Authorization', `Bearer ${admin}`).set(headers).send(body);
  /** The item as a request body, with a changed name. */
  const edited = (read: Record<string, unknown>, name: string) => {
    const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...doc } = read;
    return { ...doc, name };
  };

  describe('items', () => {
    it('GET sends the version as a strong ETag and answers 304 to a current If-None-Match', async () => {
      const res = await getItem();
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      const again = await getItem({ 'If-None-Match': res.headers.etag as string });
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      expect((await getItem({ 'If-None-Match': '"999"' })).status).toBe(200);
    });

    it('GET with a stale If-Match is 412 ITEM.VERSION_MISMATCH', async () => {
      const res = await getItem({ 'If-Match': '"999"' });
      expect(res.status).toBe(412);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('ITEM.VERSION_MISMATCH');
    });

    it('PUT with the current If-Match writes the next version; with the old one it is refused and writes nothing', async () => {
      const read = await getItem();
      const v = read.body.version as number;
      const ok = await putItem(edited(read.body, '食品经营许可（一）'), { 'If-Match': read.headers.etag as string });
      expect(ok.status).toBe(200);
      expect(ok.body.version).toBe(v + 1);
      expect(ok.headers.etag).toBe(`"${v + 1}"`);

      const stale = await putItem(edited(read.body, '食品经营许可（覆盖）'), {
        'If-Match': read.headers.etag as string,
      });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('ITEM.VERSION_MISMATCH');
      expect(stale.body.currentETag).toBe(`"${v + 1}"`);
      const after = await getItem();
      expect(after.body.version).toBe(v + 1);
      expect(after.body.name).toBe('食品经营许可（一）');

      const listed = await putItem(edited(after.body, '食品经营许可（二）'), {
        'If-Match': `"1", ${after.headers.etag}`,
      });
      expect(listed.status).toBe(200);
      const weak = await putItem(edited(after.body, 'x'), { 'If-Match': `W/"${v + 2}"` });
      expect(weak.status).toBe(412);
      const any = await putItem(edited(after.body, '食品经营许可'), { 'If-Match': '*' });
      expect(any.status).toBe(200);
    });

    it('of two concurrent writers holding the same ETag, exactly one wins', async () => {
      const read = await getItem();
      const tag = read.headers.etag as string;
      const results = await Promise.all(
        ['甲', '乙'].map((n) => putItem(edited(read.body, `食品经营许可${n}`), { 'If-Match': tag })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const after = await getItem();
      expect(after.body.version).toBe((read.body.version as number) + 1);
    });

    it('PUT without If-Match still writes (last write wins)', async () => {
      const read = await getItem();
      const res = await putItem(edited(read.body, '食品经营许可'));
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${(read.body.version as number) + 1}"`);
    });
  });

  describe('definitions', () => {
    const get = (url: string, headers: Record<string, string> = {}) =>
      t.http().get(`/api/v1/process-definitions/${url}`).set('Authorization', `Bearer ${reader()}`).set(headers);

    it('by key and by id send the version as ETag, 304 on If-None-Match, 412 on a stale If-Match', async () => {
      const latest = await get('key/standard-approval');
      expect(latest.status).toBe(200);
      const tag = `"${latest.body.version}"`;
      expect(latest.headers.etag).toBe(tag);
      for (const url of ['key/standard-approval', latest.body.id as string]) {
        expect((await get(url)).headers.etag).toBe(tag);
        expect((await get(url, { 'If-None-Match': tag })).status).toBe(304);
        expect((await get(url, { 'If-Match': tag })).status).toBe(200);
        const stale = await get(url, { 'If-Match': '"999"' });
        expect(stale.status).toBe(412);
        expect(stale.body.code).toBe('DEFINITION.VERSION_MISMATCH');
      }
    });
  });
});
