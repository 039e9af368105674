import type { ServerEvent } from '../../../src/shared/api/schemas';

type Listener = (event: ServerEvent) => void;

/** In-process fan-out of live events, per user: a subscriber only ever hears its own user's events. */
export class EventBus {
  private readonly listeners = new Map<number, Set<Listener>>();

  subscribe(userId: number, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) {
      set = new Set();
      this.listeners.set(userId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(userId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(userId);
    };
  }

  publish(userId: number, event: ServerEvent): void {
    const set = this.listeners.get(userId);
    if (!set) return;
    for (const listener of [...set]) listener(event);
  }

  hasListeners(userId: number): boolean {
    return this.listeners.has(userId);
  }

  subscriberCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
