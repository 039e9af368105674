// SQLite's NOCASE collation, for sorting in memory exactly as `ORDER BY title COLLATE NOCASE` does:
// only ASCII A–Z fold to lower case, and strings compare by their UTF-8 bytes, that is by code point.

export function foldNoCase(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

// UTF-16 code units sort U+E000–U+FFFF after the surrogates of U+10000 and above; code point order
// (and UTF-8 byte order) puts them before. Moving both ranges restores code point order.
const rank = (unit: number) => (unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800);

/** Compares two already folded strings as SQLite's NOCASE does. */
export function compareNoCase(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}
