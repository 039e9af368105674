/** A bad benchmark argument: the runner prints the message with the usage and exits 2. */
export class BenchUsageError extends Error {}

/** `--name <int>` from argv, or the fallback; anything else than a whole number in range is refused. */
export function intFlag(
  argv: readonly string[],
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const i = argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const raw = argv[i + 1];
  const n = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new BenchUsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw ?? ''}")`);
  return n;
}

/** Refuses flags a benchmark does not know, so a typo is not silently ignored. */
export function expectOnlyFlags(argv: readonly string[], known: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--') || !known.includes(arg.slice(2)))
      throw new BenchUsageError(
        `unknown argument "${arg}" (known: ${known.map((k) => `--${k}`).join(', ') || 'none'})`,
      );
    i++; // every known flag takes a value
  }
}
