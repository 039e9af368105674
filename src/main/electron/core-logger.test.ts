import { describe, expect, it } from 'vitest';
import { coreLoggerFor } from './core-logger';

describe('core logger adapter', () => {
  it('writes the message and the context as one line per entry', () => {
    const lines: string[] = [];
    const log = coreLoggerFor({
      file: 'x',
      info: (m) => lines.push(`I ${m}`),
      warn: (m) => lines.push(`W ${m}`),
      error: (m) => lines.push(`E ${m}`),
    });
    log.info({ id: 3, kind: 'preview' }, 'media ready');
    log.warn({ channel: 'sync:now' });
    const err = new Error('boom');
    log.error({ err }, 'failed');
    expect(lines[0]).toBe('I media ready id=3 kind=preview');
    expect(lines[1]).toBe('W channel=sync:now');
    expect(lines[2]).toContain('E failed err=Error: boom');
  });
});
