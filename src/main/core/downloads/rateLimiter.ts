// A token bucket shared by every running download, so the bandwidth limit from settings holds for
// the sum of them. A limit of 0 means unlimited and costs nothing.

export class RateLimiter {
  private bytesPerSecond: number;
  private tokens = 0;
  private last: number;

  constructor(
    bytesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bytesPerSecond = bytesPerSecond;
    this.last = now();
  }

  get limit(): number {
    return this.bytesPerSecond;
  }

  setLimit(bytesPerSecond: number): void {
    this.refill();
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = Math.min(this.tokens, this.burst());
  }

  /**
   * Takes `bytes` and returns 0 when the bucket is not in debt (it may go into debt by one chunk), or
   * returns how long to wait before asking again, taking nothing. Callers ask in short sleeps, so a
   * limit that is raised or removed takes effect at once.
   */
  take(bytes: number): number {
    if (this.bytesPerSecond <= 0) return 0;
    this.refill();
    if (this.tokens < 0) return (-this.tokens / this.bytesPerSecond) * 1000;
    this.tokens -= bytes;
    return 0;
  }

  private burst(): number {
    // A quarter of a second of credit: smooth enough, and a new limit takes effect quickly.
    return this.bytesPerSecond / 4;
  }

  private refill(): void {
    const t = this.now();
    const elapsed = (t - this.last) / 1000;
    this.last = t;
    if (this.bytesPerSecond > 0)
      this.tokens = Math.min(this.burst(), this.tokens + elapsed * this.bytesPerSecond);
  }
}
