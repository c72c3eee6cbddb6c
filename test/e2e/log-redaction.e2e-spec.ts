import { jest } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { UnitOfWork } from '../../src/persistence/unit-of-work.js';
import { ProblemFilter } from '../../src/shared/errors/problem.filter.js';
import { RedactingLogger } from '../../src/shared/logging/redacting.logger.js';
import { applicant, ITEM, staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ID_NUMBER = '41010219900307751X';
const PHONE = '13912345678';
const ADDRESS = '郑州市金水区保密路88号';
const QUERY_CODE = 'QC7X2K9P';
const WEBHOOK_SECRET = 'whsec-do-not-log-0123456789';
const PII = [ID_NUMBER, PHONE, ADDRESS, QUERY_CODE, WEBHOOK_SECRET];

/** Failed queries and failed requests are logged by what failed, never with the data they carried. */
describe('logs carry no personal data or secrets', () => {
  let t: TestApp;
  let output: string[] = [];
  const capture = (chunk: unknown): boolean => {
    output.push(String(chunk));
    return true;
  };
  const logged = (): string => output.join('');

  beforeAll(async () => {
    t = await startTestApp({
      loadWorkflows: true,
      logger: new RedactingLogger({ colors: false, logLevels: ['warn', 'error', 'fatal'] }),
    });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    output = [];
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });
  afterEach(() => jest.restoreAllMocks());

  const expectClean = (text: string) => {
    for (const secret of PII) expect(text).not.toContain(secret);
  };

  it('a failed query is logged with its SQL and PostgreSQL code, without its parameters', async () => {
    const uow = t.app.get(UnitOfWork);
    await expect(
      uow.query('SELECT $1::uuid AS id, $2::text AS phone, $3::text AS code', [ID_NUMBER, PHONE, QUERY_CODE]),
    ).rejects.toThrow();
    await expect(
      uow.run((tx) => tx.query('SELECT $1::text AS address, $2::int AS secret', [ADDRESS, WEBHOOK_SECRET])),
    ).rejects.toThrow();
    const text = logged();
    expect(text).toContain('query failed');
    expect(text).toContain('22P02');
    expectClean(text);
  });

  it('a request that fails in the database logs neither the body nor the query string', async () => {
    const s = staff(t);
    await t
      .http()
      .post(`/api/v1/cases?queryCode=${QUERY_CODE}&phone=${PHONE}`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({
        itemCode: ITEM,
        applicant: {
          ...applicant,
          type: 'NATURAL_PERSON',
          name: '张\u0000三',
          idType: 'ID_CARD',
          idNumber: ID_NUMBER,
          phone: PHONE,
          address: ADDRESS,
        },
      });
    await t
      .http()
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ url: 'http://127.0.0.1:9/\u0000hook', secret: WEBHOOK_SECRET, events: ['case.created'] });
    await t
      .http()
      .get(`/api/v1/cases?applicant=${ID_NUMBER}%00&queryCode=${QUERY_CODE}`)
      .set('Authorization', `Bearer ${s.window}`);
    expectClean(logged());
  });

  it('an unexpected error is logged by path, class and code: no query string, parameters or values', () => {
    const error = new QueryFailedError(
      'INSERT INTO webhook (id, secret, phone) VALUES ($1, $2, $3)',
      ['w1', WEBHOOK_SECRET, PHONE],
      {
        code: 'XX000',
        message: `invalid input syntax for type uuid: "${ID_NUMBER} ${ADDRESS}"`,
      } as unknown as Error,
    );
    const res = { headersSent: false, status: () => res, type: () => res, send: () => res };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({
          method: 'GET',
          originalUrl: `/api/v1/public/cases?queryCode=${QUERY_CODE}&idNumber=${ID_NUMBER}`,
        }),
        getResponse: () => res,
      }),
    } as unknown as ArgumentsHost;
    new ProblemFilter().catch(error, host);
    const text = logged();
    expect(text).toContain('GET /api/v1/public/cases');
    expect(text).toContain('QueryFailedError');
    expectClean(text);
  });

  it('structured values lose the listed fields wherever they are logged', () => {
    const logger = new RedactingLogger({ colors: false, json: true });
    logger.warn({ applicant: { idNumber: ID_NUMBER, mobile: PHONE, address: ADDRESS }, queryCode: QUERY_CODE });
    logger.log(`webhook {"secret":"${WEBHOOK_SECRET}"} for ${PHONE}`);
    const text = logged();
    expect(text).toContain('[REDACTED]');
    expectClean(text);
  });
});
