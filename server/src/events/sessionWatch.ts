/**
 * Long-lived responses (live-event streams, media downloads) that must end with the session that
 * opened them. One timer checks every watched response's session while any is open, so a response ends
 * within `everyMs` of a sign-out, an expiry or a revocation written by another process.
 */
export class SessionWatch {
  private readonly watched = new Map<() => void, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly isLive: (tokenHash: string) => boolean,
    private readonly everyMs: number,
  ) {}

  /** Calls `end` once when the session behind `tokenHash` ends; the returned function stops watching. */
  watch(tokenHash: string, end: () => void): () => void {
    this.watched.set(end, tokenHash);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.everyMs);
      this.timer.unref();
    }
    return () => this.unwatch(end);
  }

  get size(): number {
    return this.watched.size;
  }

  close(): void {
    this.watched.clear();
    this.stopTimer();
  }

  private unwatch(end: () => void): void {
    this.watched.delete(end);
    if (this.watched.size === 0) this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Checks every watched response now (after a sign-out in this process, rather than at the next tick). */
  sweep(): void {
    for (const [end, tokenHash] of [...this.watched]) {
      if (this.isLive(tokenHash)) continue;
      this.unwatch(end);
      end();
    }
  }
}
