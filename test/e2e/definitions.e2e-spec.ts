import fs from 'node:fs';
import path from 'node:path';
import { applicant } from '../support/case-helpers.js';
import { CORPORA_DIR, itWithCorpora, listBpmnFiles } from '../support/corpora.js';
import { PROJECT_ROOT, startTestApp, type TestApp } from '../support/test-app.js';

const SHIPPED = ['standard-approval.bpmn', 'joint-approval.bpmn', 'construction-permit.bpmn'];
const read = (f: string): string => fs.readFileSync(path.join(PROJECT_ROOT, 'workflows', f), 'utf8');

const tiny = (id: string, taskName = '审查'): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d_${id}" targetNamespace="urn:t">
  <bpmn:process id="${id}" name="测试流程" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="${taskName}"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`;

describe('process definitions over HTTP', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = t.token({ roles: ['process-admin'], dept: '410100-SJJ' });
  });
  afterAll(() => t.close());

  const deployXml = (xml: string | Buffer, token = admin, query = '') =>
    t
      .http()
      .post(`/api/v1/process-definitions${query}`)
      .set('Authorization', `Bearer ${token}`)
      .type('application/xml')
      .send(xml);

  it('opens new cases on the latest version as soon as it is deployed; running cases keep theirs', async () => {
    const open = () =>
      t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${t.token({ roles: ['window'], dept: '410100-SJJ', sub: 'w-versions' })}`)
        .send({ processKey: 'versioned-cases', applicant, department: '410100-SJJ', regionCode: '410100' });
    expect((await deployXml(tiny('versioned-cases', '初审'))).status).toBe(201);
    const first = await open();
    expect(first.body).toMatchObject({ processVersion: 1, openTasks: [{ name: '初审' }] });
    expect((await deployXml(tiny('versioned-cases', '复审'))).status).toBe(201);
    const second = await open();
    expect(second.body).toMatchObject({ processVersion: 2, openTasks: [{ name: '复审' }] });
    const again = await t
      .http()
      .get(`/api/v1/cases/${first.body.id}`)
      .set('Authorization', `Bearer ${t.token({ roles: ['supervisor'], sub: 'sup-versions' })}`);
    expect(again.body).toMatchObject({ processVersion: 1, openTasks: [{ name: '初审' }] });
  });

  it.each(SHIPPED)(
    'deploys the shipped %s, and a redeploy of the same bytes returns the same version',
    async (file) => {
      const first = await deployXml(read(file));
      expect(first.status).toBe(201);
      expect(first.body.definitions[0]).toMatchObject({ version: 1, created: true });
      const again = await deployXml(read(file));
      expect(again.status).toBe(200);
      expect(again.body.definitions[0]).toMatchObject({ id: first.body.definitions[0].id, version: 1, created: false });
    },
  );

  it('stores a changed file as version 2 and serves the latest by key and the XML as deployed', async () => {
    const v1 = await deployXml(tiny('versioned'));
    const v2 = await deployXml(tiny('versioned', '复审'));
    expect(v2.status).toBe(201);
    expect(v2.body.definitions[0]).toMatchObject({ key: 'versioned', version: 2 });
    const latest = await t
      .http()
      .get('/api/v1/process-definitions/key/versioned')
      .set('Authorization', `Bearer ${admin}`);
    expect(latest.body).toMatchObject({ id: v2.body.definitions[0].id, version: 2 });
    const xml = await t
      .http()
      .get(`/api/v1/process-definitions/${v1.body.definitions[0].id}/xml`)
      .set('Authorization', `Bearer ${admin}`);
    expect(xml.headers['content-type']).toContain('application/xml');
    expect(xml.text).toBe(tiny('versioned'));
    const list = await t
      .http()
      .get('/api/v1/process-definitions?key=versioned&limit=1')
      .set('Authorization', `Bearer ${admin}`);
    expect(list.body.total).toBe(2);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].version).toBe(2);
    const next = await t
      .http()
      .get(`/api/v1/process-definitions?key=versioned&limit=1&cursor=${list.body.nextCursor}`)
      .set('Authorization', `Bearer ${admin}`);
    expect(next.body.items[0].version).toBe(1);
    const latestOnly = await t
      .http()
      .get('/api/v1/process-definitions?key=versioned&latestOnly=true')
      .set('Authorization', `Bearer ${admin}`);
    expect(latestOnly.body.items.map((d: { version: number }) => d.version)).toEqual([2]);
  });

  it('accepts a multipart upload in field `file`', async () => {
    const res = await t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', `Bearer ${admin}`)
      .attach('file', Buffer.from(tiny('multipart')), 'multipart.bpmn');
    expect(res.status).toBe(201);
    expect(res.body.definitions[0]).toMatchObject({ key: 'multipart', resourceName: 'multipart.bpmn' });
  });

  it('only validates with ?dryRun=true', async () => {
    const res = await deployXml(tiny('dry'), admin, '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, definitions: [{ key: 'dry' }] });
    const get = await t.http().get('/api/v1/process-definitions/key/dry').set('Authorization', `Bearer ${admin}`);
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('DEFINITION.NOT_FOUND');
  });

  it('refuses DOCTYPE and entity declarations (XXE) without resolving them', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${tiny('xxe')
      .replace(/^<\?xml[^>]*>/, '')
      .replace('审查', '&xxe;')}`;
    const res = await deployXml(xxe);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { code: string }) => e.code)).toContain('BPMN.DOCTYPE_FORBIDDEN');
    expect(JSON.stringify(res.body)).not.toContain('root:');
  });

  it('refuses a 6 MB body with 413 problem+json', async () => {
    const huge = tiny('huge').replace(
      '</bpmn:definitions>',
      `<!-- ${'x'.repeat(6 * 1024 * 1024)} --></bpmn:definitions>`,
    );
    const raw = await deployXml(huge);
    expect(raw.status).toBe(413);
    expect(raw.body.code).toBe('HTTP.PAYLOAD_TOO_LARGE');
    const multipart = await t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', `Bearer ${admin}`)
      .attach('file', Buffer.from(huge), 'huge.bpmn');
    expect(multipart.status).toBe(413);
    expect(multipart.body.code).toBe('HTTP.PAYLOAD_TOO_LARGE');
  });

  it('names each unsupported element and broken reference', async () => {
    const xml = tiny('bad').replace(
      '<bpmn:endEvent id="end"/>',
      '<bpmn:endEvent id="end"/><bpmn:complexGateway id="cg"/><bpmn:sequenceFlow id="f9" sourceRef="review" targetRef="ghost"/>',
    );
    const res = await deployXml(xml);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('BPMN.INVALID');
    const codes = res.body.errors.map((e: { code: string; elementId?: string }) => `${e.code}@${e.elementId}`);
    expect(codes).toEqual(expect.arrayContaining(['BPMN.UNSUPPORTED_ELEMENT@cg', 'BPMN.INVALID_FLOW_REFERENCE@f9']));
  });

  it('answers 400 for an empty body and for not-XML', async () => {
    const empty = await t.http().post('/api/v1/process-definitions').set('Authorization', `Bearer ${admin}`).send({});
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('BPMN.MISSING_FILE');
    const junk = await deployXml('this is not xml');
    expect(junk.status).toBe(422);
  });

  it('needs a token (401) and the process-admin role (403)', async () => {
    const anon = await t.http().post('/api/v1/process-definitions').type('application/xml').send(tiny('anon'));
    expect(anon.status).toBe(401);
    expect(anon.body.code).toBe('AUTH.UNAUTHENTICATED');
    const forged = await deployXml(tiny('forged'), `${admin.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('AUTH.INVALID_TOKEN');
    const handler = await deployXml(tiny('handler'), t.token({ roles: ['handler'], dept: '410100-SJJ' }));
    expect(handler.status).toBe(403);
    expect(handler.body.code).toBe('AUTH.ROLE_MISSING');
  });

  it('answers unknown routes and malformed ids with problem+json', async () => {
    const unknown = await t.http().get('/api/v1/nope').set('Authorization', `Bearer ${admin}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.code).toBe('HTTP.NOT_FOUND');
    const badId = await t.http().get('/api/v1/process-definitions/not-a-uuid').set('Authorization', `Bearer ${admin}`);
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('HTTP.INVALID_IDENTIFIER');
    expect(badId.body).not.toHaveProperty('stack');
  });

  itWithCorpora(
    'gives every corpus file (bpmn-moddle, MIWG) a 2xx or a coded 4xx on dry run — never a 5xx',
    '',
    async () => {
      const files = listBpmnFiles('bpmn-moddle', 'bpmn-miwg-test-suite');
      expect(files.length).toBeGreaterThan(100);
      const outcomes: Record<string, number> = {};
      for (const file of files) {
        const res = await deployXml(fs.readFileSync(file), admin, '?dryRun=true');
        const label = `${path.relative(CORPORA_DIR, file)} → ${res.status}`;
        expect([label, res.status < 500]).toEqual([label, true]);
        if (res.status >= 400) {
          expect([label, res.headers['content-type']]).toEqual([
            label,
            expect.stringContaining('application/problem+json'),
          ]);
          expect([label, typeof res.body.code]).toEqual([label, 'string']);
        }
        const key = res.status < 300 ? 'accepted' : `${res.status} ${res.body.errors?.[0]?.code ?? res.body.code}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
      }
      console.log(`deploy corpus: ${files.length} files`, outcomes);
      expect(outcomes.accepted ?? 0).toBeGreaterThan(0);
      const xxeFile = path.join(
        CORPORA_DIR,
        'camunda-bpm-platform/engine-tests/bpmn/parse/BpmnParseTest.testParseProcessDefinitionXXE.bpmn20.xml',
      );
      const xxe = await deployXml(fs.readFileSync(xxeFile), admin, '?dryRun=true');
      expect(xxe.status).toBe(422);
      expect(xxe.body.errors.map((e: { code: string }) => e.code)).toContain('BPMN.DOCTYPE_FORBIDDEN');
    },
  );
});
