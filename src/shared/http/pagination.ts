import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppError } from '../errors/app-error.js';

/** `?limit=&cursor=` (or `offset`). The cursor is opaque to clients. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (nextCursor)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Alternative to cursor: rows to skip' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export interface Page<T> {
  items: T[];
  /** Rows matching the filters, over all pages. */
  total: number;
  nextCursor?: string;
}

export interface PageWindow {
  limit: number;
  offset: number;
}

/** Offset pages for small lists (definitions, items, alerts); keyset lists encode their own cursors. */
export function pageWindow(q: PageQueryDto): PageWindow {
  const limit = q.limit ?? 50;
  assertOneWay(q);
  if (q.cursor === undefined) return { limit, offset: q.offset ?? 0 };
  return { limit, offset: decodeOffsetCursor(q.cursor) };
}

/** A cursor and an offset together would contradict each other: say so rather than pick one. */
export function assertOneWay(q: PageQueryDto): void {
  if (q.cursor !== undefined && q.offset !== undefined)
    throw AppError.badRequest('LIST.CURSOR_AND_OFFSET', 'Give either cursor or offset, not both');
}

export function decodeOffsetCursor(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = /^o:\d{1,7}$/.test(raw) ? Number(raw.slice(2)) : NaN;
  if (!Number.isInteger(offset)) throw AppError.badRequest('HTTP.INVALID_CURSOR', 'The cursor is not valid');
  return offset;
}

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function toPage<T>(items: T[], total: number, w: PageWindow): Page<T> {
  const next = w.offset + items.length;
  return {
    items,
    total,
    ...(next < total && items.length > 0 ? { nextCursor: encodeOffsetCursor(next) } : {}),
  };
}
