// Delays between attempts: exponential with jitter so many clients that failed together do not come
// back together, and the server's Retry-After wins when it asks for longer.

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After we agree to wait; longer answers are capped to it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** `failures` counts consecutive failed attempts, starting at 1. `random` returns [0, 1). */
export function backoffDelay(
  failures: number,
  options: BackoffOptions,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, failures - 1));
  // "Equal jitter": at least half the ceiling, so the delay still grows with each failure.
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  if (retryAfterMs === null) return Math.round(jittered);
  return Math.round(Math.max(Math.min(retryAfterMs, options.maxRetryAfterMs), 0));
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds from `now`; null if absent or bad. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return null;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only an HTTP date (it has a weekday or month name); Date.parse would take "-1" as a year.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
