import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError } from '../errors/app-error.js';

/**
 * Entity tags from a stored version number (RFC 9110 §8.8.3). The version goes up by one on every
 * change, so `"3"` names one representation exactly and is a strong tag.
 */
export function versionTag(version: number): string {
  return `"${version}"`;
}

function tags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** If-Match (strong comparison): absent or `*` holds; otherwise one listed tag must equal the current one. */
export function ifMatchHolds(header: string | undefined, current: string): boolean {
  if (header === undefined || header.trim() === '') return true;
  const list = tags(header);
  return list.includes('*') || list.includes(current);
}

/** If-None-Match (weak comparison): true when the client already has this representation. */
export function ifNoneMatchHits(header: string | undefined, current: string): boolean {
  if (header === undefined) return false;
  const list = tags(header).map((t) => t.replace(/^W\//, ''));
  return list.includes('*') || list.includes(current.replace(/^W\//, ''));
}

/** The coded 412 for a stale If-Match: the caller must re-read, merge and retry. */
export function preconditionFailed(code: string, current: string): AppError {
  return new AppError(code, 412, 'If-Match does not match the current version; read it again and retry', undefined, {
    currentETag: current,
  });
}

/**
 * A conditional read of a versioned resource: sets its ETag, refuses a stale If-Match with the coded
 * 412, and answers 304 when If-None-Match names it. Returns false when no body should be sent.
 */
export function conditionalRead(
  res: Response,
  version: number,
  headers: { ifMatch: string | undefined; ifNoneMatch: string | undefined },
  mismatchCode: string,
): boolean {
  const tag = versionTag(version);
  if (!ifMatchHolds(headers.ifMatch, tag)) throw preconditionFailed(mismatchCode, tag);
  res.setHeader('ETag', tag);
  if (!ifNoneMatchHits(headers.ifNoneMatch, tag)) return true;
  res.status(304);
  return false;
}

/** OpenAPI for a read that sends an ETag and honours If-None-Match / If-Match. */
export function ApiETagRead(code: string): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'An ETag from an earlier read: answers 304 Not Modified while it is still current',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `Answer only if the ETag still matches; otherwise 412 ${code}`,
    }),
    ApiResponse({ status: 304, description: 'Not modified: the ETag in If-None-Match is current' }),
    ApiResponse({ status: 412, description: `${code}: If-Match names another version` }),
  );
}

/** OpenAPI for a write guarded by If-Match. */
export function ApiETagWrite(code: string): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `The ETag you read (e.g. \`"3"\`); a write based on a stale read is refused with 412 ${code}`,
    }),
    ApiResponse({
      status: 412,
      description: `${code}: someone changed it since your read (the problem has currentETag)`,
    }),
  );
}

/** The ETag response header, for @ApiResponse/@ApiOkResponse `headers`. */
export const ETAG_HEADER = {
  ETag: {
    description: 'The version as an entity tag, e.g. `"3"`; send it back in If-Match',
    schema: { type: 'string' },
  },
};
