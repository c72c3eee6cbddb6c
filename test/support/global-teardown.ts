import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__TONGBAN_EMBEDDED__?.stop();
  const dir = process.env.TEST_EMBEDDED_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
