// Container formats for app icons, built from PNG images: Windows .ico (PNG entries, Vista and later)
// and macOS .icns (PNG-based entry types). Pure functions, tested in icon-formats.test.ts.

export interface PngImage {
  size: number;
  png: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk; throws on anything that is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (
    png.length < 24 ||
    !png.subarray(0, 8).equals(PNG_SIGNATURE) ||
    png.toString('ascii', 12, 16) !== 'IHDR'
  ) {
    throw new Error('Not a PNG image');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function checked(images: readonly PngImage[]): PngImage[] {
  for (const image of images) {
    const { width, height } = pngSize(image.png);
    if (width !== image.size || height !== image.size) {
      throw new Error(`Icon image said to be ${image.size}px is ${width}x${height}`);
    }
  }
  return [...images].sort((a, b) => a.size - b.size);
}

export function encodeIco(images: readonly PngImage[]): Buffer {
  const sorted = checked(images);
  if (sorted.some((i) => i.size > 256)) throw new Error('ICO entries are at most 256px');
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sorted.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * sorted.length;
  for (const image of sorted) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(image.size === 256 ? 0 : image.size, 0);
    entry.writeUInt8(image.size === 256 ? 0 : image.size, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(image.png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += image.png.length;
  }
  return Buffer.concat([header, ...entries, ...sorted.map((i) => i.png)]);
}

/** ICNS entry types that hold a PNG of the given pixel size. */
export const ICNS_TYPES: readonly { type: string; size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic12', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 },
  { type: 'ic10', size: 1024 },
];

export function encodeIcns(images: readonly PngImage[]): Buffer {
  const bySize = new Map(checked(images).map((i) => [i.size, i.png]));
  const chunks: Buffer[] = [];
  for (const { type, size } of ICNS_TYPES) {
    const png = bySize.get(size);
    if (png === undefined) throw new Error(`ICNS needs a ${size}px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    chunks.push(head, png);
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

/** Reads back an .ico directory (for tests and the resources check). */
export function readIco(ico: Buffer): { size: number; png: Buffer }[] {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('Not an ICO file');
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, n) => {
    const at = 6 + 16 * n;
    const size = ico.readUInt8(at) === 0 ? 256 : ico.readUInt8(at);
    const length = ico.readUInt32LE(at + 8);
    const offset = ico.readUInt32LE(at + 12);
    return { size, png: ico.subarray(offset, offset + length) };
  });
}

/** Reads back an .icns file's entries. */
export function readIcns(icns: Buffer): { type: string; png: Buffer }[] {
  if (icns.toString('ascii', 0, 4) !== 'icns' || icns.readUInt32BE(4) !== icns.length)
    throw new Error('Not an ICNS file');
  const out: { type: string; png: Buffer }[] = [];
  let at = 8;
  while (at < icns.length) {
    const length = icns.readUInt32BE(at + 4);
    if (length < 8 || at + length > icns.length) throw new Error('Damaged ICNS entry');
    out.push({ type: icns.toString('ascii', at, at + 4), png: icns.subarray(at + 8, at + length) });
    at += length;
  }
  return out;
}
