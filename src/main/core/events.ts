import type { EventChannel, EventPayloads } from '../../shared/ipc/contract';

export type Listener<E extends EventChannel> = (payload: EventPayloads[E]) => void;
export type Emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

/** The core's outgoing events; a throwing listener is isolated from the others and from the core. */
export class CoreEvents {
  private readonly listeners = new Map<EventChannel, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  readonly emit: Emit = (event, payload) => {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        (l as Listener<typeof event>)(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  };
}
