import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance (tests start several apps in one process). */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'tongban_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'tongban_commands_total',
    help: 'Commands handled, by name and result',
    labelNames: ['command', 'result'],
    registers: [this.registry],
  });
  readonly commandRetries = new Counter({
    name: 'tongban_command_retries_total',
    help: 'Transactions retried after a serialization failure or deadlock',
    registers: [this.registry],
  });

  /** Signal broadcasts (ADR 0020): the cases and subscriptions each reached, and the deliveries run. */
  readonly signalCasesReached = new Counter({
    name: 'tongban_signal_cases_reached_total',
    help: 'Cases a signal broadcast fanned out to (one delivery job each), by source (api, case)',
    labelNames: ['source'],
    registers: [this.registry],
  });
  readonly signalDeliveries = new Counter({
    name: 'tongban_signal_deliveries_total',
    help: 'Signal deliveries run, by result (delivered, skipped: the case ended or was suspended first)',
    labelNames: ['result'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tongban_' });
  }
}
