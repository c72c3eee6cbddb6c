import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

/** Channels the database notifies on (pg_notify from triggers installed by migration WakeUps). */
export const CHANNEL_JOB = 'tongban_job';
export const CHANNEL_WEBHOOK = 'tongban_webhook';
export const CHANNEL_CALENDAR = 'tongban_calendar';

type Listener = (payload: string) => void;

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * One dedicated connection per node that LISTENs, so nodes wake each other instead of polling
 * (ADR 0009). It connects when the first listener subscribes and reconnects with back-off when the
 * connection drops; after every (re)connect each listener is called with an empty payload, because
 * notifications sent while it was away are lost and the listener must look for itself.
 * An idle LISTEN connection runs no transactions.
 */
@Injectable()
export class DbNotifications implements OnApplicationShutdown {
  private readonly log = new Logger('DbNotifications');
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** LISTENs issued after the connection is up, one at a time: a pg client runs one query at a time. */
  private listens: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: DataSource) {}

  /** Calls `fn` for every notification on `channel`; returns the unsubscribe function. */
  subscribe(channel: string, fn: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      const client = this.client;
      if (client)
        this.listens = this.listens.then(() => client.query(`LISTEN ${channel}`).catch(() => this.reconnectLater()));
    }
    set.add(fn);
    this.stopped = false;
    void this.ensureConnected();
    return () => {
      set.delete(fn);
    };
  }

  /** True while the LISTEN connection is up (tests and the health of wake-ups). */
  get connected(): boolean {
    return this.client !== null;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.stopped) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const options = this.db.options as { url?: string };
    const client = new pg.Client({ connectionString: options.url, application_name: 'tongban-listen' });
    client.on('error', (e) => {
      this.log.warn(`listen connection lost: ${e.message}`);
      this.drop(client);
    });
    client.on('end', () => this.drop(client));
    client.on('notification', (n) => this.dispatch(n.channel, n.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.listeners.keys()) await client.query(`LISTEN ${channel}`);
    } catch (e) {
      this.log.warn(`listen connection failed: ${(e as Error).message}`);
      await client.end().catch(() => undefined);
      this.reconnectLater();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_MIN_MS;
    // Whatever was notified while we were not listening is unknown: every listener looks for itself.
    for (const channel of this.listeners.keys()) this.dispatch(channel, '');
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.stopped || this.retryTimer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(RECONNECT_MAX_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.ensureConnected();
    }, wait);
    this.retryTimer.unref();
  }

  private dispatch(channel: string, payload: string): void {
    for (const fn of this.listeners.get(channel) ?? []) {
      try {
        fn(payload);
      } catch (e) {
        this.log.error(`listener on ${channel} failed: ${String(e)}`);
      }
    }
  }
}
