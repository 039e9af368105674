import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, encodeIcns, encodeIco, pngSize, readIcns, readIco } from './icon-formats';

/** A real (tiny, valid) PNG of the given size: one grey pixel row repeated. */
function png(size: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    return Buffer.concat([head, data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.writeUInt8(8, 8);
  ihdr.writeUInt8(0, 9);
  const rows = Buffer.alloc(size * (size + 1), 0x80);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('icon containers', () => {
  it('reads PNG sizes and refuses other data', () => {
    expect(pngSize(png(48))).toEqual({ width: 48, height: 48 });
    expect(() => pngSize(Buffer.from('GIF89a........................'))).toThrow('Not a PNG');
  });

  it('writes an ICO with every size (256 stored as 0) and reads it back', () => {
    const sizes = [256, 16, 32, 48];
    const ico = encodeIco(sizes.map((size) => ({ size, png: png(size) })));
    expect(ico.readUInt8(6 + 16 * 3)).toBe(0);
    const entries = readIco(ico);
    expect(entries.map((e) => e.size)).toEqual([16, 32, 48, 256]);
    for (const e of entries) expect(e.png.equals(png(e.size))).toBe(true);
  });

  it('refuses an image whose real size differs from the declared one, and ICO entries over 256', () => {
    expect(() => encodeIco([{ size: 32, png: png(16) }])).toThrow('is 16x16');
    expect(() => encodeIco([{ size: 512, png: png(512) }])).toThrow('at most 256');
  });

  it('writes an ICNS with every PNG entry type and reads it back', () => {
    const sizes = [16, 32, 64, 128, 256, 512, 1024];
    const icns = encodeIcns(sizes.map((size) => ({ size, png: png(size) })));
    const entries = readIcns(icns);
    expect(entries.map((e) => e.type)).toEqual(ICNS_TYPES.map((t) => t.type));
    for (const e of entries) {
      const expected = ICNS_TYPES.find((t) => t.type === e.type)?.size ?? 0;
      expect(pngSize(e.png).width).toBe(expected);
    }
  });

  it('refuses an ICNS without a required size, and damaged files', () => {
    expect(() => encodeIcns([{ size: 16, png: png(16) }])).toThrow('needs a 32px image');
    expect(() => readIcns(Buffer.from('icnsXXXX'))).toThrow('Not an ICNS');
    expect(() => readIco(Buffer.from([0, 0, 2, 0, 0, 0]))).toThrow('Not an ICO');
  });
});
