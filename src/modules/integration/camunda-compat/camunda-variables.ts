import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AppError } from '../../../shared/errors/app-error.js';
import type { ProblemDetail } from '../../../shared/errors/app-error.js';

/** Camunda 7's typed value: `{value, type, valueInfo}`. */
export class CamundaTypedValueDto {
  // Any JSON value (Camunda types it by `type`), so the schema lists the JSON kinds instead of one.
  @ApiPropertyOptional({
    oneOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: 'object', additionalProperties: true, nullable: true },
    ],
    example: 'JZ-2026-0042',
    description: 'The value; for Json and Object a JSON string',
  })
  value?: unknown;
  @ApiProperty({
    example: 'String',
    enum: ['String', 'Integer', 'Long', 'Short', 'Double', 'Boolean', 'Json', 'Object', 'Null', 'Date'],
  })
  type: string;
  @ApiPropertyOptional({
    example: {},
    description: 'Object: {objectTypeName, serializationDataFormat: "application/json"}',
  })
  valueInfo?: Record<string, unknown>;
}

export type CamundaVariables = Record<string, CamundaTypedValueDto>;

const INT32 = 2 ** 31;
const MAX_VARIABLES = 500;
const JSON_FORMAT = 'application/json';
/** A Json text is parsed after the body's own depth check, so it gets the same kind of limit. */
const MAX_JSON_DEPTH = 32;

/** Our variables are plain JSON; this is how each JSON value looks to a Camunda client. */
export function toCamundaVariables(vars: Record<string, unknown>, only?: readonly string[] | null): CamundaVariables {
  const out: CamundaVariables = {};
  for (const [name, value] of Object.entries(vars)) {
    if (only && !only.includes(name)) continue;
    out[name] = toTyped(value);
  }
  return out;
}

function toTyped(value: unknown): CamundaTypedValueDto {
  if (value === null || value === undefined) return { value: null, type: 'Null', valueInfo: {} };
  if (typeof value === 'string') return { value, type: 'String', valueInfo: {} };
  if (typeof value === 'boolean') return { value, type: 'Boolean', valueInfo: {} };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { value, type: 'Double', valueInfo: {} };
    return { value, type: value >= -INT32 && value < INT32 ? 'Integer' : 'Long', valueInfo: {} };
  }
  // Objects and arrays: Camunda's Json type carries the JSON text (the JS client parses it back).
  return { value: JSON.stringify(value), type: 'Json', valueInfo: {} };
}

/**
 * A Camunda client's typed variables as our plain JSON variables. Unknown or unsupported types (Bytes,
 * File, Java-serialised Object) and values that do not fit their type are refused with one coded 400
 * listing every bad variable: nothing is half-applied.
 */
export function fromCamundaVariables(input: unknown, path = 'variables'): Record<string, unknown> | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalid([{ code: 'CAMUNDA.INVALID_VARIABLE', message: 'must be an object of typed values', path }]);
  }
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length > MAX_VARIABLES) {
    throw invalid([{ code: 'CAMUNDA.INVALID_VARIABLE', message: `at most ${MAX_VARIABLES} variables`, path }]);
  }
  const out: Record<string, unknown> = {};
  const errors: ProblemDetail[] = [];
  for (const [name, typed] of entries) {
    const result = fromTyped(typed);
    if ('error' in result) {
      errors.push({ code: 'CAMUNDA.INVALID_VARIABLE', message: result.error, path: `${path}.${name}` });
    } else {
      out[name] = result.value;
    }
  }
  if (errors.length > 0) throw invalid(errors);
  return out;
}

type Parsed = { value: unknown } | { error: string };

function fromTyped(typed: unknown): Parsed {
  if (typeof typed !== 'object' || typed === null || Array.isArray(typed)) {
    return { error: 'must be a typed value {value, type, valueInfo}' };
  }
  const { value, type, valueInfo } = typed as { value?: unknown; type?: unknown; valueInfo?: unknown };
  // Camunda infers the type when it is missing (the JS client always sends it, in lower case).
  const kind =
    type === undefined || type === null ? inferred(value) : typeof type === 'string' ? type.toLowerCase() : '';
  const label = typeof type === 'string' ? type : kind;
  switch (kind) {
    case 'null':
      return { value: null };
    case 'string':
      return typeof value === 'string' || value === null ? { value } : { error: 'String needs a string value' };
    case 'boolean':
      return typeof value === 'boolean' || value === null ? { value } : { error: 'Boolean needs true or false' };
    case 'integer':
    case 'short':
    case 'long':
      return value === null || (Number.isSafeInteger(value) && integerFits(kind, value as number))
        ? { value }
        : { error: `${label} needs an integer in its range` };
    case 'double':
      return value === null || (typeof value === 'number' && Number.isFinite(value))
        ? { value }
        : { error: 'Double needs a number' };
    case 'date':
      return parseDate(value);
    case 'json':
      return parseJson(value);
    case 'object': {
      const format = (valueInfo as { serializationDataFormat?: unknown } | undefined)?.serializationDataFormat;
      if (format !== JSON_FORMAT)
        return { error: `Object is supported only with serializationDataFormat ${JSON_FORMAT}` };
      return parseJson(value);
    }
    default:
      return {
        error: `type ${label} is not supported (String, Integer, Long, Short, Double, Boolean, Json, Object, Null, Date)`,
      };
  }
}

function inferred(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'double';
  if (typeof value === 'object') return 'json';
  return typeof value;
}

function integerFits(kind: string, v: number): boolean {
  if (kind === 'short') return v >= -32_768 && v < 32_768;
  if (kind === 'integer') return v >= -INT32 && v < INT32;
  return true;
}

/** Camunda sends `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (offset without colon); we keep dates as ISO strings. */
function parseDate(value: unknown): Parsed {
  if (value === null) return { value: null };
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.test(value)
  ) {
    return { error: "Date needs yyyy-MM-dd'T'HH:mm:ss.SSSZ" };
  }
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? { error: 'Date is not a valid date' } : { value: new Date(ms).toISOString() };
}

function parseJson(value: unknown): Parsed {
  if (value === null) return { value: null };
  if (typeof value === 'object') return { value };
  if (typeof value !== 'string') return { error: 'Json needs a JSON text' };
  try {
    const parsed = JSON.parse(value) as unknown;
    return depth(parsed) > MAX_JSON_DEPTH ? { error: `Json nests deeper than ${MAX_JSON_DEPTH}` } : { value: parsed };
  } catch {
    return { error: 'Json value is not valid JSON' };
  }
}

function depth(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    max = Math.max(max, d);
    if (d > MAX_JSON_DEPTH) return d;
    if (typeof node === 'object' && node !== null) {
      for (const child of Object.values(node)) stack.push([child, d + 1]);
    }
  }
  return max;
}

function invalid(errors: ProblemDetail[]): AppError {
  return AppError.badRequest('CAMUNDA.INVALID_VARIABLE', 'A variable does not match its Camunda type', errors);
}
