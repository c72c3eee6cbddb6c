import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './test-app.js';

/** The shared BPMN corpora live beside the project; a clone of the project alone does not have them. */
export const CORPORA_DIR = path.resolve(PROJECT_ROOT, '../shared/corpora');

export function corporaAvailable(what: string): boolean {
  const ok = fs.existsSync(CORPORA_DIR);
  if (!ok)
    console.warn(
      `NOTICE: ${CORPORA_DIR} is not there, so ${what} ran on nothing (clone shared/ beside the project to run it).`,
    );
  return ok;
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
