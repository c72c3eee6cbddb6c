import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error.js';

/**
 * One place that refuses input no handler can store: a NUL character (PostgreSQL text and jsonb cannot
 * hold U+0000, and no field of this API needs it) in the URL — path or query, raw or %00 — in a header
 * or in a JSON/XML body; and JSON nested deeper than the configured limit (deep nesting costs recursion
 * in every layer after the parser). Both are coded 400s before any handler, guard or database runs.
 */
export const INVALID_CHARACTERS = 'HTTP.INVALID_CHARACTERS';
export const NESTING_TOO_DEEP = 'HTTP.NESTING_TOO_DEEP';

const nul = (where: string): AppError =>
  AppError.badRequest(INVALID_CHARACTERS, `The ${where} contains a NUL character, which is not accepted`);

/** Express middleware for the URL and the headers (the bodies are checked by bodyVerifier). */
export function rejectNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  if (/%00|\0/i.test(req.originalUrl)) return next(nul('URL'));
  for (let i = 0; i < req.rawHeaders.length; i++) {
    if (req.rawHeaders[i]?.includes('\0')) return next(nul('header'));
  }
  next();
}

/**
 * `verify` hook of the JSON body parser: one pass over the raw bytes, before JSON.parse, so a
 * 500,000-deep body never reaches a recursive walk. Tracks strings and escapes, so brackets and
 * backslashes inside strings do not count.
 */
export function jsonBodyVerifier(maxDepth: number): (req: unknown, res: unknown, buf: Buffer) => void {
  return (_req, _res, buf) => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (inString) {
        if (c === 0x5c /* \ */) {
          // \u0000 (any case of the hex digits is the same code point; only zeros spell NUL).
          if (buf[i + 1] === 0x75 && buf.toString('latin1', i + 2, i + 6) === '0000') throw nul('body');
          i++;
        } else if (c === 0x22 /* " */) inString = false;
        else if (c === 0) throw nul('body');
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b /* { [ */) {
        if (++depth > maxDepth)
          throw AppError.badRequest(NESTING_TOO_DEEP, `The JSON body is nested deeper than ${maxDepth} levels`);
      } else if (c === 0x7d || c === 0x5d) depth--;
      else if (c === 0) throw nul('body');
    }
  };
}

/** `verify` hook of the XML (BPMN) text parser: XML 1.0 forbids U+0000 anyway. */
export function textBodyVerifier(_req: unknown, _res: unknown, buf: Buffer): void {
  if (buf.includes(0)) throw nul('body');
}
