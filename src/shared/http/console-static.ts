import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { INestApplication } from '@nestjs/common';

export const CONSOLE_PATH = '/console';

/**
 * The built console (`npm run build` puts it in dist/console). Found from this file's folder upwards,
 * so the same code works compiled (dist/src/shared/http) and under the test runner (src/shared/http).
 */
export function consoleDir(from = import.meta.dirname): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const built = path.join(dir, 'dist', 'console');
      return fs.existsSync(path.join(built, 'index.html')) ? built : null;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Serves the console's static files at /console, and its index.html for any other path below it so a
 * reloaded or bookmarked page (/console/cases/…) opens in the single-page app. No second server: the
 * files are plain assets of this process. Hashed assets are cached for a year, index.html never.
 */
export function serveConsole(app: INestApplication, dir: string | null = consoleDir()): boolean {
  if (!dir) return false;
  const index = fs.readFileSync(path.join(dir, 'index.html'));
  const sendIndex = (_req: express.Request, res: express.Response) => {
    res.set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    });
    res.send(index);
  };
  const router = express.Router();
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false, index: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.get(/.*/, sendIndex);
  app.use(CONSOLE_PATH, router);
  return true;
}
