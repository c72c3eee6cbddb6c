/**
 * A fixed-window counter per key (per node). Enough to stop a script from walking case numbers on one
 * node; a multi-node deployment also rate-limits at its gateway.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, nowMs: number): boolean {
    const w = this.windows.get(key);
    if (!w || nowMs - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.evict(nowMs);
      this.windows.set(key, { start: nowMs, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.limit;
  }

  /** Milliseconds until the key's window ends (what a refused client is told to wait). */
  retryAfterMs(key: string, nowMs: number): number {
    const w = this.windows.get(key);
    return w ? Math.max(0, this.windowMs - (nowMs - w.start)) : 0;
  }

  private evict(nowMs: number): void {
    for (const [k, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(k);
  }
}
