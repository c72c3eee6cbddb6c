import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Strict dates for every date-taking parameter and body field. `Date.parse` is lenient (2026-02-30 rolls
 * over to 2 March, `+275760-09-13` is accepted): a value only passes when its components are real and
 * it survives the round trip. Four-digit years from 1900 on, the range PostgreSQL and the calendars
 * handle. A failure is VALIDATION.FAILED with an entry `{ code: VALIDATION.INVALID_DATE, path: <name> }`.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;
const MIN_YEAR = 1900;

export function isRealDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m || Number(m[1]) < MIN_YEAR) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** A date-time with an explicit zone (Z or ±hh:mm). */
export function isRealDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m || !isRealDate(m[1])) return false;
  const limits: [string | undefined, number][] = [
    [m[2], 23],
    [m[3], 59],
    [m[4], 59],
    [m[7], 14],
    [m[8], 59],
  ];
  return limits.every(([v, max]) => Number(v ?? 0) <= max) && Number.isFinite(Date.parse(value));
}

function dateRule(name: string, test: (v: unknown) => boolean, shape: string, options?: ValidationOptions) {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => test(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a real ${shape}`,
      },
    },
    options,
  );
}

/** `YYYY-MM-DD`, a date that exists. */
export function IsRealDate(options?: ValidationOptions): PropertyDecorator {
  return dateRule('invalidDate', isRealDate, 'date (YYYY-MM-DD)', options);
}

/** An ISO-8601 date-time with a zone; with `allowDate`, also a bare `YYYY-MM-DD`. */
export function IsRealDateTime(opts: { allowDate?: boolean } = {}, options?: ValidationOptions): PropertyDecorator {
  return opts.allowDate
    ? dateRule('invalidDate', (v) => isRealDate(v) || isRealDateTime(v), 'date or date-time (ISO 8601)', options)
    : dateRule('invalidDate', isRealDateTime, 'date-time with a zone (ISO 8601)', options);
}
