import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { ClockService } from '../../shared/clock/clock.service.js';
import { MetricsRegistry } from './metrics.registry.js';

interface Snapshot {
  open: { status: string; n: string }[];
  overdue: number;
  jobsDue: number;
  jobsFailed: number;
  dead: number;
  lagSeconds: number;
}

/**
 * Business gauges, computed when Prometheus scrapes (every node answers the same numbers: they come
 * from the database). Each is one indexed count; a database that does not answer leaves them out of
 * the scrape and sets tongban_business_metrics_up to 0 instead of failing it.
 */
@Injectable()
export class BusinessMetrics {
  private readonly logger = new Logger('Metrics');
  private readonly up: Gauge;
  private readonly openCases: Gauge<'status'>;
  private readonly overdueCases: Gauge;
  private readonly jobsDue: Gauge;
  private readonly jobsFailed: Gauge;
  private readonly deadDeliveries: Gauge;
  private readonly webhookLag: Gauge;

  constructor(
    metrics: MetricsRegistry,
    private readonly db: DataSource,
    private readonly clock: ClockService,
  ) {
    const registers = [metrics.registry];
    // One query round for all gauges per scrape: the first gauge's collect() reads, the others copy.
    let pending: Promise<Snapshot | null> | null = null;
    const snapshot = (): Promise<Snapshot | null> => {
      pending ??= this.read().finally(() => setImmediate(() => (pending = null)));
      return pending;
    };
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      set: (g: Gauge<L>, s: Snapshot) => void,
    ) => {
      const g: Gauge<L> = new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          g.reset();
          const s = await snapshot();
          if (s) set(g, s);
        },
      });
      return g;
    };
    this.up = new Gauge({
      name: 'tongban_business_metrics_up',
      help: '1 when the business gauges could be read from the database at this scrape',
      registers,
      async collect() {
        this.set((await snapshot()) ? 1 : 0);
      },
    });
    this.openCases = gauge('tongban_cases_open', 'Cases not yet ended, by status', ['status'], (g, s) => {
      for (const row of s.open) g.set({ status: row.status }, Number(row.n));
    });
    this.overdueCases = gauge('tongban_cases_overdue', 'Open cases past their time limit', [], (g, s) =>
      g.set(s.overdue),
    );
    this.jobsDue = gauge('tongban_jobs_due', 'Scheduled jobs (timers, deadlines) already due', [], (g, s) =>
      g.set(s.jobsDue),
    );
    this.jobsFailed = gauge('tongban_jobs_failed', 'Jobs that failed for good', [], (g, s) => g.set(s.jobsFailed));
    this.deadDeliveries = gauge('tongban_webhook_deliveries_dead', 'Dead-lettered webhook deliveries', [], (g, s) =>
      g.set(s.dead),
    );
    this.webhookLag = gauge(
      'tongban_webhook_lag_seconds',
      'Age of the oldest webhook delivery still pending (0 when none)',
      [],
      (g, s) => g.set(s.lagSeconds),
    );
  }

  private async read(): Promise<Snapshot | null> {
    const now = this.clock.now();
    try {
      const open = await this.db.query<{ status: string; n: string }[]>(
        'SELECT status, count(*) AS n FROM approval_case WHERE ended_at IS NULL GROUP BY status',
      );
      const [row] = await this.db.query<Record<string, string | null>[]>(
        `SELECT
           (SELECT count(*) FROM approval_case WHERE ended_at IS NULL AND time_state = 'OVERDUE') AS overdue,
           (SELECT count(*) FROM job WHERE state = 'scheduled' AND due_at <= $1) AS jobs_due,
           (SELECT count(*) FROM job WHERE state = 'failed') AS jobs_failed,
           (SELECT count(*) FROM webhook_delivery WHERE state = 'dead') AS dead,
           (SELECT EXTRACT(EPOCH FROM ($1 - min(created_at))) FROM webhook_delivery WHERE state = 'pending') AS lag`,
        [now],
      );
      return {
        open,
        overdue: Number(row?.overdue ?? 0),
        jobsDue: Number(row?.jobs_due ?? 0),
        jobsFailed: Number(row?.jobs_failed ?? 0),
        dead: Number(row?.dead ?? 0),
        lagSeconds: Math.max(0, Number(row?.lag ?? 0)),
      };
    } catch (e) {
      this.logger.warn(`business metrics not read: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}
