import { basename, dirname, resolve, sep } from 'node:path';

// File names built from a user's title must be valid on Windows, macOS and Linux at once (files move
// between machines and into editors on any of them), and can never point outside the chosen folder.

/** Windows refuses these as a base name whatever the extension, in any case. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** Illegal on Windows (and `/` everywhere), C0/C1 controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
const ILLEGAL = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]+/g;
/** Invisible formatting (bidi overrides that disguise an extension, zero-width joiners left alone). */
const INVISIBLE = /[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Half of a UTF-16 pair with no partner: not encodable in UTF-8 file names. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * 255 bytes is the limit of ext4 and APFS (NTFS allows 255 UTF-16 units, which is never fewer).
 * Room is kept for the longest collision suffix and the `.part` of a download in progress.
 */
export const MAX_NAME_BYTES = 255;
const RESERVED_SUFFIX_BYTES = ' (9999)'.length + '.part'.length;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cuts at a grapheme boundary so no emoji or accented letter is split into garbage. */
function truncateBytes(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(s)) {
    const b = utf8Length(segment);
    if (bytes + b > maxBytes) break;
    out += segment;
    bytes += b;
  }
  return out;
}

function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
}

/**
 * A safe file name from `title` with extension `ext` (e.g. ".mp4"; sanitised too). The result is
 * NFC-normalised, has no separators or reserved names, fits in 255 bytes with room for " (n)" and
 * ".part", and is never empty, "." or "..".
 */
export function safeFileName(title: string, ext: string, fallback = 'video'): string {
  const cleanExt = ext === '' ? '' : `.${tidy(clean(ext.replace(/^\.+/, ''))).replace(/\s/g, '')}`;
  let base = tidy(clean(title));
  const budget = MAX_NAME_BYTES - RESERVED_SUFFIX_BYTES - utf8Length(cleanExt);
  base = tidy(truncateBytes(base, budget));
  if (base === '') base = fallback;
  const stem = base.split('.')[0] ?? base;
  // "AUX.tar.mp4" is as reserved as "AUX": mark the stem itself.
  if (RESERVED.test(stem.trim())) base = `${stem}_${base.slice(stem.length)}`;
  return `${base}${cleanExt === '.' ? '' : cleanExt}`;
}

function clean(s: string): string {
  return s
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .replace(ILLEGAL, '_');
}

/** `name` with " (n)" before its extension; n = 1 gives the name unchanged. */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** The first of `name`, `name (2)`, `name (3)`… for which `taken` says no. */
export async function uniqueFileName(name: string, taken: (candidate: string) => Promise<boolean> | boolean) {
  for (let n = 1; n <= 9999; n++) {
    const candidate = numberedName(name, n);
    if (!(await taken(candidate))) return candidate;
  }
  throw new Error(`Too many files named like ${name}`);
}

/**
 * The absolute path of `name` inside `folder`, or an error if it would land anywhere else. A last
 * guard behind safeFileName: names never come from the renderer as paths.
 */
export function pathInside(folder: string, name: string): string {
  const root = resolve(folder);
  const full = resolve(root, name);
  if (dirname(full) !== root || basename(full) !== name || name.includes(sep) || name.includes('/')) {
    throw new Error(`The file name ${JSON.stringify(name)} would leave the download folder.`);
  }
  return full;
}
