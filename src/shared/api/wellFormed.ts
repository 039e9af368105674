import { z } from 'zod';

// Checks every boundary shares (server request bodies, the IPC contract): text must be well-formed
// Unicode, and free-form JSON must be bounded before anything walks it recursively.

// With the `u` flag a surrogate pair is one code point, so only an unpaired surrogate matches: a string
// that would be stored as bytes that do not read back (U+D800 becomes ED A0 80, read back as U+FFFD).
const LONE_SURROGATE = /\p{Cs}/u;

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

const ILL_FORMED = 'must be well-formed Unicode text (it contains an unpaired surrogate)';

/** A string schema that refuses ill-formed UTF-16; chain `.trim()`, `.min()`, `.max()` as usual. */
export function text() {
  return z.string().refine(isWellFormed, ILL_FORMED);
}

export interface JsonBounds {
  /** Levels of objects and arrays below the value itself. */
  maxDepth: number;
  /** Its length as compact JSON, counted as it is walked (never by stringifying it). */
  maxBytes: number;
}

/**
 * The first reason a free-form JSON value is refused: nested too deep, too large, or holding an
 * ill-formed string (key or value). Walks with an explicit stack, so no input can overflow the call
 * stack; stops at the first problem, so a path is never longer than `maxDepth`.
 */
export function jsonProblem(
  value: unknown,
  bounds: JsonBounds,
): { path: (string | number)[]; message: string } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  let bytes = 0;
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    const { value: v, path } = item;
    if (typeof v === 'string') {
      bytes += v.length + 2;
      if (!isWellFormed(v)) return { path, message: ILL_FORMED };
    } else if (v !== null && typeof v === 'object') {
      if (path.length >= bounds.maxDepth)
        return { path, message: `is nested too deeply (at most ${bounds.maxDepth} levels)` };
      bytes += 2;
      if (Array.isArray(v)) {
        v.forEach((child: unknown, i) => stack.push({ value: child, path: [...path, i] }));
        bytes += v.length;
      } else {
        for (const [key, child] of Object.entries(v)) {
          if (!isWellFormed(key)) return { path: [...path, key], message: `has a key that ${ILL_FORMED}` };
          bytes += key.length + 4;
          stack.push({ value: child, path: [...path, key] });
        }
      }
    } else {
      bytes += String(v).length;
    }
    if (bytes > bounds.maxBytes)
      return { path, message: `is too large (at most ${bounds.maxBytes} bytes as JSON)` };
  }
  return null;
}

/** A zod check for `jsonProblem`, reported at the offending path below the checked field. */
export function boundedJson(bounds: JsonBounds) {
  return (value: unknown, ctx: z.RefinementCtx): void => {
    const problem = jsonProblem(value, bounds);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  };
}
