import type { Database } from 'better-sqlite3';
import { stmt } from '../../../shared/sqlite/statements';

/**
 * Search over the rows not yet in videos_fts (stored by a sync whose background indexing has not reached
 * them, or edited since), in JavaScript with the same rules as the FTS5 tokenizer (unicode61,
 * remove_diacritics): words are runs of letters and digits, compared without case or accents, and each
 * search word must begin some word of the title or prompt. So a search right after a large sync is
 * complete without first indexing every pending row in one long block of the event loop.
 */
export function markUnindexedMatches(db: Database, words: readonly string[], marks: Uint8Array): void {
  if (words.length === 0) return;
  // Search words are runs of letters and digits, so they need no escaping in a pattern.
  const starts = words.map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${w}`, 'u'));
  const rows = stmt(db, 'SELECT id, title, prompt FROM videos WHERE fts_state = 0')
    .raw()
    .iterate() as Iterable<[number, string, string]>;
  for (const [id, title, prompt] of rows) {
    const text = fold(`${title} ${prompt}`);
    if (id < marks.length && starts.every((p) => p.test(text))) marks[id] = 1;
  }
}

/** Lower-case, accent-free words of a text, as the FTS5 tokenizer of the cache produces them. */
export function searchTokens(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

function fold(text: string): string {
  // Most titles and prompts are plain ASCII: no decomposition needed.
  // eslint-disable-next-line no-control-regex -- the ASCII range is the point of the test
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}
