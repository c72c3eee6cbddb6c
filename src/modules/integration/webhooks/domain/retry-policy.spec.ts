import { loadConfig } from '../../../../config/app-config.js';
import { retryDelayMs, retrySchedule } from './retry-policy.js';

describe('webhook retry policy', () => {
  const defaults = loadConfig({});

  it('by default keeps retrying a dead receiver for a day, at most 15 minutes apart', () => {
    const times = retrySchedule(defaults);
    const last = times[times.length - 1]!;
    expect(last).toBeGreaterThan(23 * 3_600_000);
    expect(last).toBeLessThanOrEqual(24 * 3_600_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBe(15 * 60_000);
    // A receiver back after a 6-hour outage gets its event within 15 minutes.
    expect(times.some((t) => t >= 6 * 3_600_000 && t <= 6 * 3_600_000 + 15 * 60_000)).toBe(true);
  });

  it('backs off exponentially up to the cap, and honours an attempt cap when one is set', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, defaults))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(200, defaults)).toBe(15 * 60_000);
    expect(retrySchedule({ ...defaults, webhookMaxAttempts: 3 })).toEqual([0, 1000, 3000]);
    const env = loadConfig({ WEBHOOK_RETRY_BUDGET_MS: '7200000', WEBHOOK_RETRY_MAX_DELAY_MS: '60000' });
    expect(retrySchedule(env).at(-1)).toBeGreaterThan(7_100_000);
  });
});
