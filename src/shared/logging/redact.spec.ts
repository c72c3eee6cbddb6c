import { describeError, pathOnly, redact, REDACTED, scrubText } from './redact.js';

describe('log redaction', () => {
  it('replaces listed fields at any depth, including compound names', () => {
    const out = redact({
      applicant: { name: '张三', idNumber: '41010219900307751X', legalRepresentativePhone: '0371-1234567' },
      webhook: { url: 'https://x', secret: 's3cret' },
      headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'tbk_1_abc' },
      list: [{ query_code: 'QC1' }],
    });
    expect(out).toEqual({
      applicant: { name: '张三', idNumber: REDACTED, legalRepresentativePhone: REDACTED },
      webhook: { url: 'https://x', secret: REDACTED },
      headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED },
      list: [{ query_code: REDACTED }],
    });
  });

  it('scrubs query strings, JSON fragments, bearer tokens, API keys, id and mobile numbers from text', () => {
    const text = scrubText(
      'GET /x?queryCode=QC7X&page=2 {"address":"郑州市某路1号","ok":1} Bearer eyJ.a.b tbk_9_zz id 41010219900307751X tel 13912345678',
    );
    for (const leaked of ['QC7X', '郑州市某路1号', 'eyJ.a.b', 'tbk_9_zz', '41010219900307751X', '13912345678']) {
      expect(text).not.toContain(leaked);
    }
    expect(text).toContain('page=2');
    expect(text).toContain('"ok":1');
  });

  it('describes errors without the values PostgreSQL quotes, and paths without query strings', () => {
    const e = Object.assign(new Error('invalid input syntax for type uuid: "secret-value"'), { code: '22P02' });
    expect(describeError(e)).toBe('Error: invalid input syntax for type uuid: "…" (code 22P02)');
    const dup = new Error('duplicate key value violates unique constraint "u" Key (id_number)=(4101) already exists');
    expect(describeError(dup)).not.toContain('4101');
    expect(pathOnly('/api/v1/cases?applicant=41010219900307751X')).toBe('/api/v1/cases');
  });
});
