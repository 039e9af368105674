import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff';
import { RateLimiter } from './rateLimiter';

const opts = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('backoff', () => {
  it('grows exponentially with jitter between half and the whole ceiling, capped', () => {
    expect(backoffDelay(1, opts, null, () => 0)).toBe(50);
    expect(backoffDelay(1, opts, null, () => 0.999999)).toBe(100);
    expect(backoffDelay(3, opts, null, () => 0)).toBe(200);
    expect(backoffDelay(10, opts, null, () => 0.999999)).toBe(1000);
  });

  it('lets Retry-After decide, within a cap', () => {
    expect(backoffDelay(1, opts, 3000, () => 0)).toBe(3000);
    expect(backoffDelay(1, opts, 60_000, () => 0)).toBe(5000);
    expect(backoffDelay(5, opts, 0, () => 0.5)).toBe(0);
  });

  it('parses seconds and HTTP dates, and rejects junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(['2'], now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('RateLimiter', () => {
  it('costs nothing when unlimited', () => {
    expect(new RateLimiter(0).take(1e9)).toBe(0);
  });

  it('makes the sum of all callers wait for the configured rate, and applies a new limit at once', () => {
    let t = 0;
    const limiter = new RateLimiter(1000, () => t);
    expect(limiter.take(500)).toBe(0);
    // In debt by 500 bytes: every caller waits until it is paid back, taking nothing meanwhile.
    expect(limiter.take(100)).toBe(500);
    expect(limiter.take(100)).toBe(500);
    t = 250;
    expect(limiter.take(100)).toBe(250);
    t = 500;
    expect(limiter.take(100)).toBe(0);
    expect(limiter.take(100)).toBe(100);
    limiter.setLimit(0);
    expect(limiter.take(1e9)).toBe(0);
  });
});
