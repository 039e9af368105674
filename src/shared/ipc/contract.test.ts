import { describe, expect, expectTypeOf, it } from 'vitest';
import { EVENT_CHANNELS, EVENT_CHANNELS_COMPLETE, type EventChannel } from './contract';

describe('EVENT_CHANNELS', () => {
  it('lists every channel of EventPayloads, each once', () => {
    // The type check is the proof (npm run typecheck compiles this file); the runtime part keeps
    // the list free of repeats, which the type cannot see.
    expectTypeOf<(typeof EVENT_CHANNELS)[number]>().toEqualTypeOf<EventChannel>();
    expect(EVENT_CHANNELS_COMPLETE).toBe(true);
    expect(new Set(EVENT_CHANNELS).size).toBe(EVENT_CHANNELS.length);
  });
});
