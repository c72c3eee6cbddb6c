import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { AppError } from '../errors/app-error.js';
import { type Page, PageQueryDto, pageWindow, toPage } from './pagination.js';

/** `status=A,B` and `status=A&status=B` (and both mixed) become `['A', 'B']`; a single value becomes `['A']`. */
export function toList({ value }: { value: unknown }): unknown {
  if (value === undefined || value === null) return value;
  const raw: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value];
  const parts = raw.flatMap((v): unknown[] => (typeof v === 'string' ? v.split(',').map((x) => x.trim()) : [v]));
  return [...new Set(parts)];
}

/**
 * A filter that takes several values (OR within the filter, AND with the others). `values` restricts
 * them to an enum; otherwise each is a string of 1..maxLength characters.
 */
export function MultiValue(opts: {
  values?: readonly string[];
  example?: string;
  description?: string;
  maxLength?: number;
}): PropertyDecorator {
  const doc = 'One value, or several as `a,b` or repeated parameters (any of them matches)';
  return applyDecorators(
    ApiPropertyOptional({
      ...(opts.values ? { enum: [...opts.values], isArray: true } : { type: [String] }),
      description: opts.description ? `${opts.description}. ${doc}` : doc,
      ...(opts.example ? { example: opts.example } : {}),
    }),
    IsOptional(),
    Transform(toList),
    ArrayMaxSize(50),
    opts.values
      ? IsIn(opts.values, { each: true })
      : applyDecorators(IsString({ each: true }), Length(1, opts.maxLength ?? 200, { each: true })),
  );
}

/** Sortable fields of one list: API name → SQL expression (columns only, never user text). */
export type SortColumns = Readonly<Record<string, string>>;

/** The `sort` query parameter, documented with the list's own fields. */
export function SortParam(columns: SortColumns, defaultSort: string): PropertyDecorator {
  const fields = Object.keys(columns);
  return applyDecorators(
    ApiPropertyOptional({
      description:
        `Comma-separated fields, \`-\` for descending (e.g. \`-${fields[0]}\`). Fields: ${fields.join(', ')}. ` +
        `Default: \`${defaultSort}\`. An unknown field is LIST.INVALID_SORT.`,
      example: `-${fields[0]}`,
      default: defaultSort,
    }),
    IsOptional(),
    IsString(),
    MaxLength(200),
  );
}

export interface SortKey {
  field: string;
  column: string;
  desc: boolean;
}

/** Parses `-createdAt,dueAt` against the whitelist; unknown or repeated fields are a 400 LIST.INVALID_SORT. */
export function parseSort(sort: string | undefined, columns: SortColumns, defaultSort: string): SortKey[] {
  const keys = (sort ?? defaultSort)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const desc = s.startsWith('-');
      // A `+` in a query string arrives as a space, already trimmed; an encoded one stays.
      const field = s.replace(/^[+-]/, '');
      const column = Object.hasOwn(columns, field) ? columns[field] : undefined;
      // Only whitelisted names reach SQL; the answer does not echo what was sent.
      if (column === undefined)
        throw invalidSort('Cannot sort by that field', `Sortable fields: ${Object.keys(columns).join(', ')}`);
      return { field, column, desc };
    });
  if (keys.length === 0) throw invalidSort('sort names no field', 'Give at least one field');
  if (keys.length > 5) throw invalidSort('At most 5 sort fields', 'Give at most 5 fields');
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.field)) throw invalidSort(`${k.field} appears twice in sort`, 'Each field may appear once');
    seen.add(k.field);
  }
  return keys;
}

function invalidSort(message: string, detail: string): AppError {
  return AppError.badRequest('LIST.INVALID_SORT', message, [
    { code: 'LIST.INVALID_SORT', message: detail, path: 'sort' },
  ]);
}

/** `ORDER BY` body for parsed keys; `tiebreak` (a unique column) makes pages stable. Nulls sort last. */
export function orderBySql(keys: SortKey[], tiebreak: string): string {
  const parts = keys.map((k) => `${k.column} ${k.desc ? 'DESC' : 'ASC'} NULLS LAST`);
  return [...parts, tiebreak].join(', ');
}

/** `sort` plus the page parameters, for small lists that are read whole and paged in memory. */
export class SmallListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Comma-separated fields, `-` for descending. Fields: createdAt, and name (API keys) or url (webhooks). ' +
      'Default: newest first for API keys (`-createdAt`), oldest first for webhooks (`createdAt`). ' +
      'An unknown field is LIST.INVALID_SORT.',
    example: '-createdAt',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sort?: string;
}

/**
 * Sorts and pages rows already in memory (API keys, webhooks: a few dozen per installation). `fields`
 * maps each sortable API name to the row property it compares; nulls sort last.
 */
export function pageInMemory<T extends object>(
  rows: T[],
  q: SmallListQueryDto,
  fields: Readonly<Record<string, keyof T>>,
  defaultSort: string,
): Page<T> {
  const keys = parseSort(q.sort, fields as unknown as SortColumns, defaultSort);
  const sorted = [...rows].sort((a, b) => {
    for (const k of keys) {
      const prop = fields[k.field] as keyof T;
      const [x, y] = [a[prop], b[prop]];
      if (x === y) continue;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const c = String(x) < String(y) ? -1 : 1;
      return k.desc ? -c : c;
    }
    return 0;
  });
  const w = pageWindow(q);
  return toPage(sorted.slice(w.offset, w.offset + w.limit), rows.length, w);
}
