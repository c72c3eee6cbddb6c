import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { AppError } from '../errors/app-error.js';

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
    Matches(/^[+-]?[A-Za-z]{1,40}( *, *[+-]?[A-Za-z]{1,40}){0,4}$/, {
      message: 'sort is a comma-separated list of fields, each optionally prefixed with -',
    }),
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
      if (column === undefined) {
        throw AppError.badRequest('LIST.INVALID_SORT', `Cannot sort by ${field}`, [
          {
            code: 'LIST.INVALID_SORT',
            message: `Sortable fields: ${Object.keys(columns).join(', ')}`,
            path: 'sort',
          },
        ]);
      }
      return { field, column, desc };
    });
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k.field))
      throw AppError.badRequest('LIST.INVALID_SORT', `${k.field} appears twice in sort`, [
        { code: 'LIST.INVALID_SORT', message: 'Each field may appear once', path: 'sort' },
      ]);
    seen.add(k.field);
  }
  return keys;
}

/** `ORDER BY` body for parsed keys; `tiebreak` (a unique column) makes pages stable. Nulls sort last. */
export function orderBySql(keys: SortKey[], tiebreak: string): string {
  const parts = keys.map((k) => `${k.column} ${k.desc ? 'DESC' : 'ASC'} NULLS LAST`);
  return [...parts, tiebreak].join(', ');
}
