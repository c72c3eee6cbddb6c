import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootstrap } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';

const log = new Logger('Tongban');
const running = await bootstrap(loadConfig()).catch((e: unknown) => {
  log.error(`start-up failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal} received: stopping`);
    running
      .stop()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        log.error(`stop failed: ${String(e)}`);
        process.exit(1);
      });
  });
}
