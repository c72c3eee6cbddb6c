/** The retry settings of webhook deliveries (WEBHOOK_RETRY_* / WEBHOOK_MAX_ATTEMPTS). */
export interface RetryPolicy {
  webhookRetryBaseMs: number;
  webhookRetryMaxDelayMs: number;
  webhookRetryBudgetMs: number;
  webhookMaxAttempts: number;
}

/** Wait after the n-th failed attempt: base · 2^(n-1), capped, so a long outage is probed steadily. */
export function retryDelayMs(attempts: number, p: RetryPolicy): number {
  return Math.min(p.webhookRetryBaseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40), p.webhookRetryMaxDelayMs);
}

/**
 * The attempt times (ms after the delivery's first attempt) of a receiver that never answers: the last one
 * is when the delivery goes dead. Documents the defaults and lets a test prove they cover hours.
 */
export function retrySchedule(p: RetryPolicy): number[] {
  const times = [0];
  for (let attempts = 1; ; attempts++) {
    const next = times[times.length - 1]! + retryDelayMs(attempts, p);
    if (p.webhookMaxAttempts > 0 && attempts >= p.webhookMaxAttempts) return times;
    if (next > p.webhookRetryBudgetMs) return times;
    times.push(next);
  }
}
