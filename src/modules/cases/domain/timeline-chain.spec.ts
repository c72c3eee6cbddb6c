import { type ChainedEntry, canonical, entryHash, GENESIS_HASH, instant, verifyChain } from './timeline-chain.js';

// The worked example of ADR 0010: an auditor's implementation must reproduce these bytes and hashes.
const FIRST: ChainedEntry = {
  caseId: '0b5d3c52-8f0e-4f43-9d0a-6f1f2f4f9a10',
  seq: 1,
  type: 'case.created',
  elementId: null,
  name: '受理',
  actorId: 'window-1',
  actorName: '窗口人员',
  actorDepartment: '410100-SJJ',
  statusAfter: 'RECEIVED',
  statusCodeAfter: 1,
  opinion: null,
  source: 'UI',
  data: '{"itemCode": "410100-SJJ-XK-001"}',
  idempotencyKey: null,
  occurredAt: '2026-11-28T01:30:00.000000Z',
  recordedAt: '2026-11-28T01:30:00.123456Z',
  prevHash: GENESIS_HASH,
  hash: Buffer.from('e793e9f898aac60e481efa0a82cbfc5be156e82ce2b3dc06fff054ed3a404ddb', 'hex'),
};
describe('the timeline hash chain v1', () => {
  it('serialises an entry field by field, byte-length prefixed, "~" for NULL', () => {
    expect(canonical(FIRST).toString('utf8')).toBe(
      [
        'tongban.case_event.v1',
        '36:0b5d3c52-8f0e-4f43-9d0a-6f1f2f4f9a10',
        '1:1',
        '12:case.created',
        '~',
        '6:受理',
        '8:window-1',
        '12:窗口人员',
        '10:410100-SJJ',
        '8:RECEIVED',
        '1:1',
        '~',
        '2:UI',
        '33:{"itemCode": "410100-SJJ-XK-001"}',
        '~',
        '27:2026-11-28T01:30:00.000000Z',
        '27:2026-11-28T01:30:00.123456Z',
        '',
      ].join('\n'),
    );
    expect(entryHash(GENESIS_HASH, FIRST).equals(FIRST.hash)).toBe(true);
  });

  it('tells an empty string from NULL and a field boundary from content', () => {
    expect(canonical({ ...FIRST, opinion: '' }).equals(canonical(FIRST))).toBe(false);
    const shifted = { ...FIRST, actorId: 'window-1\n12:窗口人员', actorName: null };
    expect(canonical(shifted).equals(canonical(FIRST))).toBe(false);
  });

  it('renders instants with six fraction digits in UTC, before and after the epoch', () => {
    expect(instant(1_795_829_400_123_456n)).toBe('2026-11-28T01:30:00.123456Z');
    expect(instant(0n)).toBe('1970-01-01T00:00:00.000000Z');
    expect(instant(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(instant(-1_500_000n)).toBe('1969-12-31T23:59:58.500000Z');
  });

  it('accepts a linked chain and names the first break', () => {
    const second = { ...FIRST, seq: 2, type: 'task.created', prevHash: FIRST.hash };
    second.hash = entryHash(FIRST.hash, second);
    expect(verifyChain([FIRST, second], 2)).toEqual({
      valid: true,
      entries: 2,
      headHash: second.hash.toString('hex'),
      firstInvalid: null,
    });
    expect(verifyChain([FIRST, { ...second, prevHash: GENESIS_HASH }], 2).firstInvalid).toEqual({
      seq: 2,
      reason: 'HASH_MISMATCH',
    });
    expect(verifyChain([FIRST], 3).firstInvalid).toEqual({ seq: 2, reason: 'ENTRY_MISSING' });
    expect(verifyChain([{ ...FIRST, opinion: '同意' }], 1).firstInvalid).toEqual({ seq: 1, reason: 'HASH_MISMATCH' });
    expect(verifyChain([], 0)).toEqual({ valid: true, entries: 0, headHash: null, firstInvalid: null });
  });
});
