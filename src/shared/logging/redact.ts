/**
 * What may reach a log line. Logs are read by more people (operators, log shippers, support) and kept
 * longer than case data, so personal data (身份证号, phone, address) and secrets (query codes, API keys,
 * webhook secrets, tokens) never go there: structured values lose the fields on the list below, and
 * text is scrubbed of query strings, bearer tokens, id-card and mobile numbers.
 */

/** Field names (compared lower-case, without `_`/`-`) whose values are never logged. */
export const REDACTED_FIELDS = [
  'idnumber',
  'idno',
  'idcard',
  'phone',
  'mobile',
  'tel',
  'telephone',
  'email',
  'address',
  'querycode',
  'secret',
  'secrethash',
  'password',
  'passwd',
  'token',
  'accesstoken',
  'refreshtoken',
  'authorization',
  'cookie',
  'setcookie',
  'apikey',
  'xapikey',
  'signature',
  'xtongbansignature',
] as const;

export const REDACTED = '[REDACTED]';

const FIELDS = new Set<string>(REDACTED_FIELDS);
const normalise = (key: string): string => key.toLowerCase().replace(/[-_\s]/g, '');
/** Also catches compound names such as applicantIdNumber, agentPhone, webhookSecret. */
const SUFFIXES = ['idnumber', 'phone', 'mobile', 'address', 'secret', 'password', 'token', 'apikey', 'querycode'];

export function isRedactedField(key: string): boolean {
  const k = normalise(key);
  return FIELDS.has(k) || SUFFIXES.some((s) => k.endsWith(s));
}

/** A copy of a structured value with every listed field replaced; bounded so a huge value stays cheap. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[…]';
  if (value instanceof Error) return describeError(value);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 100)) {
    out[k] = isRedactedField(k) ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

const FIELD_NAMES = `(?:${REDACTED_FIELDS.join('|')}|[A-Za-z_]*(?:IdNumber|Phone|Mobile|Address|Secret|Token|QueryCode))`;
/** `"idNumber":"…"` (JSON) and `idNumber=…` / `idNumber: …` (query strings, key-value text). */
const JSON_FIELD = new RegExp(`("${FIELD_NAMES}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`, 'gi');
const PAIR_FIELD = new RegExp(`(\\b${FIELD_NAMES}\\s*[=:]\\s*)([^&\\s,;"]+)`, 'gi');
/** 18-digit resident id numbers and mainland mobile numbers, wherever they appear. */
const ID_NUMBER = /(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9])/g;
const MOBILE = /(?<![0-9])1[3-9]\d{9}(?![0-9])/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const API_KEY = /\btbk_[A-Za-z0-9_-]+/g;

/** Text with the known secrets and PII patterns replaced; for messages of errors and log lines. */
export function scrubText(text: string): string {
  return text
    .replace(JSON_FIELD, `$1"${REDACTED}"`)
    .replace(PAIR_FIELD, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(API_KEY, REDACTED)
    .replace(ID_NUMBER, REDACTED)
    .replace(MOBILE, REDACTED);
}

/** A URL as it may be logged: the path only, never the query string. */
export function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

/**
 * An error as it may be logged: its class, the PostgreSQL code and object names, and a message with the
 * values scrubbed (PostgreSQL quotes the offending value in messages such as 22P02). Never the query's
 * parameters, which TypeORM keeps on QueryFailedError.
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return scrubText(String(e));
  const pg = (e as { driverError?: PgFields }).driverError ?? (e as PgFields);
  const where = [
    pg.code && `code ${pg.code}`,
    pg.table && `table ${pg.table}`,
    pg.constraint && `constraint ${pg.constraint}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${e.name}: ${scrubText(withoutQuotedValues(e.message))}${where ? ` (${where})` : ''}`;
}

/** The stack without its first line (which repeats the message): frames carry no data. */
export function stackFrames(e: unknown): string | undefined {
  if (!(e instanceof Error) || !e.stack) return undefined;
  return e.stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .join('\n');
}

interface PgFields {
  code?: string;
  table?: string;
  constraint?: string;
}

/** PostgreSQL puts the rejected value in quotes (`invalid input syntax for type uuid: "…"`) or in `Key (…)=(…)`. */
function withoutQuotedValues(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/=\([^)]*\)/g, '=(…)');
}
