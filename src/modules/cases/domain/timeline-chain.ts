import { createHash } from 'node:crypto';

/**
 * The timeline hash chain, version 1 (ADR 0010), re-implemented here from its specification: the
 * verifier never calls the database's functions, so a bug or a tampered function there is caught.
 *
 *   hash = SHA-256(prev_hash || canonical(entry)),   prev_hash of a case's first entry = 32 zero bytes
 *   canonical(entry) = "tongban.case_event.v1" LF, then for each field in FIELD order:
 *     SQL NULL → "~" LF;  otherwise → <UTF-8 byte length in decimal> ":" <UTF-8 bytes> LF
 */
export const GENESIS_HASH = Buffer.alloc(32);
const HEADER = Buffer.from('tongban.case_event.v1\n', 'utf8');
const NULL_FIELD = Buffer.from('~\n', 'utf8');
const LF = Buffer.from('\n', 'utf8');

/** One timeline row as text, each field exactly as the specification renders it. */
export interface ChainedEntry {
  caseId: string; // lower-case hyphenated UUID
  seq: number;
  type: string;
  elementId: string | null;
  name: string | null;
  actorId: string | null;
  actorName: string | null;
  actorDepartment: string | null;
  statusAfter: string | null;
  statusCodeAfter: number | null;
  opinion: string | null;
  source: string;
  data: string | null; // PostgreSQL's text form of the jsonb value (`data::text`)
  idempotencyKey: string | null;
  occurredAt: string; // instant(): YYYY-MM-DDTHH:MM:SS.ffffffZ
  recordedAt: string;
  prevHash: Buffer;
  hash: Buffer;
}

export type ChainBreak = 'ENTRY_MISSING' | 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH';

export interface ChainVerdict {
  valid: boolean;
  entries: number;
  /** The hash of the last entry: record it elsewhere to detect a chain rewritten from the start. */
  headHash: string | null;
  firstInvalid: { seq: number; reason: ChainBreak } | null;
}

function field(v: string | null): Buffer {
  if (v === null) return NULL_FIELD;
  const bytes = Buffer.from(v, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length}:`, 'utf8'), bytes, LF]);
}

export function canonical(e: ChainedEntry): Buffer {
  return Buffer.concat([
    HEADER,
    field(e.caseId),
    field(String(e.seq)),
    field(e.type),
    field(e.elementId),
    field(e.name),
    field(e.actorId),
    field(e.actorName),
    field(e.actorDepartment),
    field(e.statusAfter),
    field(e.statusCodeAfter === null ? null : String(e.statusCodeAfter)),
    field(e.opinion),
    field(e.source),
    field(e.data),
    field(e.idempotencyKey),
    field(e.occurredAt),
    field(e.recordedAt),
  ]);
}

export function entryHash(prevHash: Buffer, e: ChainedEntry): Buffer {
  return createHash('sha256').update(prevHash).update(canonical(e)).digest();
}

/**
 * Renders an instant given in microseconds since the Unix epoch (PostgreSQL's resolution) as
 * UTC `YYYY-MM-DDTHH:MM:SS.ffffffZ`, for years 1–9999.
 */
export function instant(epochMicros: bigint): string {
  let millis = epochMicros / 1000n;
  if (epochMicros < 0n && epochMicros % 1000n !== 0n) millis -= 1n; // floor, not truncation
  const fraction = ((epochMicros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const iso = new Date(Number(millis)).toISOString(); // ….mmmZ
  return `${iso.slice(0, 19)}.${fraction.toString().padStart(6, '0')}Z`;
}

/**
 * Walks a case's entries in seq order. Seqs run 1, 2, 3 … up to `lastSeq` (the case's counter):
 * a gap or a short tail is a removed entry. The first break is reported; later entries are not
 * judged, since everything after a break follows from it.
 */
export function verifyChain(entries: readonly ChainedEntry[], lastSeq: number): ChainVerdict {
  let prev: Buffer = GENESIS_HASH;
  let expected = 1;
  const broken = (seq: number, reason: ChainBreak): ChainVerdict => ({
    valid: false,
    entries: entries.length,
    headHash: null,
    firstInvalid: { seq, reason },
  });
  for (const e of entries) {
    if (e.seq !== expected) return broken(expected, 'ENTRY_MISSING');
    if (!entryHash(e.prevHash, e).equals(e.hash)) return broken(e.seq, 'HASH_MISMATCH');
    if (!e.prevHash.equals(prev)) return broken(e.seq, 'PREV_HASH_MISMATCH');
    prev = e.hash;
    expected++;
  }
  if (lastSeq >= expected) return broken(expected, 'ENTRY_MISSING');
  return {
    valid: true,
    entries: entries.length,
    headHash: entries.length > 0 ? prev.toString('hex') : null,
    firstInvalid: null,
  };
}
