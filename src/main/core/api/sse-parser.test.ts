import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from './sse-parser';

function parse(chunks: string[]): SseMessage[] {
  const out: SseMessage[] = [];
  const p = new SseParser((m) => out.push(m), 100);
  for (const c of chunks) p.push(c);
  return out;
}

describe('SseParser', () => {
  it('parses events split anywhere across chunks, with every line ending', () => {
    const text =
      ': connected\r\n\r\nevent: video\r\ndata: {"a":1}\r\n\r\nevent: credits\ndata: {"b":\ndata: 2}\n\n';
    for (let cut = 0; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual([
        { event: 'video', data: '{"a":1}', id: null },
        { event: 'credits', data: '{"b":\n2}', id: null },
      ]);
    }
  });

  it('ignores comments and unknown fields, defaults the event name', () => {
    expect(parse(['retry: 10\n:hi\nfoo: bar\ndata:x\n\n'])).toEqual([
      { event: 'message', data: 'x', id: null },
    ]);
  });

  it('refuses a line longer than the limit', () => {
    const p = new SseParser(() => undefined, 10);
    expect(() => p.push('data: 0123456789abcdef')).toThrow(/longer than allowed/);
  });
});
