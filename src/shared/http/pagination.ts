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
  total?: number;
  nextCursor?: string;
}

export interface PageWindow {
  limit: number;
  offset: number;
}

/** Offset pages for small lists (definitions, items, alerts); keyset lists encode their own cursors. */
export function pageWindow(q: PageQueryDto): PageWindow {
  const limit = q.limit ?? 50;
  if (q.cursor === undefined) return { limit, offset: q.offset ?? 0 };
  const offset = Number(Buffer.from(q.cursor, 'base64url').toString('utf8').replace(/^o:/, ''));
  if (!Number.isInteger(offset) || offset < 0)
    throw AppError.badRequest('HTTP.INVALID_CURSOR', 'The cursor is not valid');
  return { limit, offset };
}

export function toPage<T>(items: T[], total: number, w: PageWindow): Page<T> {
  const next = w.offset + items.length;
  return {
    items,
    total,
    ...(next < total ? { nextCursor: Buffer.from(`o:${next}`).toString('base64url') } : {}),
  };
}
