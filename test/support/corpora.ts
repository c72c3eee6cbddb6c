import { describe, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The shared BPMN corpora live beside the project; a clone of the project alone does not have them.
 * `TONGBAN_CORPORA_DIR` points elsewhere (and, set to a missing folder, shows what a bare clone reports).
 * Kept free of the Nest app so the engine project can use it.
 */
export const CORPORA_DIR = path.resolve(
  process.env.TONGBAN_CORPORA_DIR ?? path.resolve(import.meta.dirname, '../..', '../shared/corpora'),
);

/** Whether `CORPORA_DIR/sub` is there; when not, says so once per caller (the tests are then skipped). */
export function corporaAvailable(what: string, sub = ''): boolean {
  const where = path.join(CORPORA_DIR, sub);
  const ok = fs.existsSync(where);
  // Straight to stderr: Jest may not show the console output of a file whose tests are all skipped.
  if (!ok)
    process.stderr.write(
      `NOTICE: ${where} is not there, so ${what} is skipped (clone shared/ beside the project to run it).\n`,
    );
  return ok;
}

/**
 * A `describe` that Jest reports as skipped — not passed — when the corpora are absent: the choice is made
 * when the file loads, so the summary counts every one of its tests as skipped.
 */
export function describeWithCorpora(name: string, sub: string, body: () => void): void {
  (corporaAvailable(`"${name}"`, sub) ? describe : describe.skip)(name, body);
}

/** The same for one test inside a describe that otherwise needs no corpora. */
export function itWithCorpora(name: string, sub: string, body: () => Promise<void>): void {
  (corporaAvailable(`"${name}"`, sub) ? it : it.skip)(name, body);
}

export function listBpmnFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(bpmn|bpmn20\.xml|xml)$/.test(entry.name)) out.push(full);
    }
  };
  for (const d of dirs) if (fs.existsSync(path.join(CORPORA_DIR, d))) walk(path.join(CORPORA_DIR, d));
  return out.sort();
}
