import { randomInt } from 'node:crypto';
import type { Tx } from '../../../persistence/unit-of-work.js';

/**
 * Case numbers from a pattern (default `{region6}{yyyyMMdd}{seq8}`, CASE_NO_PATTERN). The sequence
 * is a counter row per region and day, incremented in the creating transaction: a rolled-back
 * creation gives its number back, so numbers are unique and gap-free per region and day.
 */
export async function nextCaseNo(tx: Tx, pattern: string, region: string, now: Date): Promise<string> {
  const day = shanghaiDate(now);
  const [row] = await tx.query<{ last_value: string }>(
    `INSERT INTO case_no_sequence (region, day, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (region, day) DO UPDATE SET last_value = case_no_sequence.last_value + 1
     RETURNING last_value`,
    [region, day],
  );
  const seq = Number(row?.last_value ?? 1);
  return pattern
    .replace(/\{region6\}/g, region.slice(0, 6).padEnd(6, '0'))
    .replace(/\{yyyyMMdd\}/g, day)
    .replace(/\{seq(\d+)\}/g, (_m, width: string) => String(seq).padStart(Number(width), '0'));
}

/** yyyyMMdd in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Six digits the applicant is given with the case number, for the public progress query. */
export function newQueryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
