// A token bucket shared by every running download, so the bandwidth limit from settings holds for
// the sum of them. A limit of 0 means unlimited and costs nothing.

export class RateLimiter {
  private bytesPerSecond: number;
  private tokens: number;
  private last: number;

  constructor(
    bytesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = 0;
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
   * How long the caller must wait before consuming `bytes`; 0 when unlimited. The debt is taken at
   * once, so concurrent callers queue up behind each other fairly.
   */
  reserve(bytes: number): number {
    if (this.bytesPerSecond <= 0) return 0;
    this.refill();
    this.tokens -= bytes;
    if (this.tokens >= 0) return 0;
    return (-this.tokens / this.bytesPerSecond) * 1000;
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
