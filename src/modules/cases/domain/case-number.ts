import { randomInt } from 'node:crypto';
import type { CaseNoRequest } from './change-set.js';

/**
 * Case numbers from a pattern (default `{region6}{yyyyMMdd}{seq8}`, CASE_NO_PATTERN). The sequence
 * is a counter row per region and day, incremented by the write of the creating transaction — its
 * last statement, so concurrent creations hold the counter only for the write and the commit. A
 * rolled-back creation gives its number back, so numbers are unique and gap-free per region and day.
 * Until then the plan uses a placeholder, replaced by the number in every row the write stores.
 */
export function caseNoRequest(pattern: string, region: string, now: Date, placeholder: string): CaseNoRequest {
  const day = shanghaiDate(now);
  const filled = pattern.replace(/\{region6\}/g, region.slice(0, 6).padEnd(6, '0')).replace(/\{yyyyMMdd\}/g, day);
  const width = /\{seq(\d+)\}/.exec(filled)?.[1];
  return {
    placeholder,
    region,
    day,
    parts: width ? filled.split(/\{seq\d+\}/) : [filled, ''],
    width: Number(width ?? 1),
  };
}

/** yyyyMMdd in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Six digits the applicant is given with the case number, for the public progress query. */
export function newQueryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** `text` with every placeholder replaced by the number the write took for it. */
export function withCaseNumbers(text: string, numbers: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [placeholder, no] of numbers) out = out.split(placeholder).join(no);
  return out;
}

/**
 * `value` with every placeholder replaced, for an answer planned before the write took its numbers.
 * Only strings, arrays and plain objects are rebuilt; dates and class instances are kept as they are.
 */
export function withCaseNumbersIn<T>(value: T, numbers: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return withCaseNumbers(value, numbers) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withCaseNumbersIn(v, numbers)) as T;
  if (value === null || typeof value !== 'object') return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withCaseNumbersIn(v, numbers)])) as T;
}
