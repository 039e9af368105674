import { useEffect, useRef } from 'react';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { useApi } from '../app/ApiContext';

/** Subscribes to a core event for the component's lifetime; the latest listener is always the one called. */
export function useApiEvent<E extends EventChannel>(
  event: E,
  listener: (payload: EventPayloads[E]) => void,
): void {
  const api = useApi();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event]);
}
