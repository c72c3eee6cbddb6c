import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { IdempotencyStore } from './idempotency.store.js';

/**
 * Deletes expired idempotency records (IDEMPOTENCY_TTL_HOURS, default 24) every
 * IDEMPOTENCY_SWEEP_MINUTES on each node that runs jobs; the DELETE is harmless when nodes overlap.
 * Expired rows are already ignored by replays, so the sweep only keeps the table small.
 */
@Injectable()
export class IdempotencyRetention implements OnModuleDestroy {
  private readonly logger = new Logger('IdempotencyRetention');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.config.idempotencySweepMinutes * 60_000);
    this.timer.unref();
  }

  async sweep(): Promise<number> {
    try {
      const n = await this.store.sweep();
      if (n > 0) this.logger.log(`deleted ${n} expired idempotency records`);
      return n;
    } catch (e) {
      this.logger.warn(`sweep failed: ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
