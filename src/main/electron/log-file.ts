import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The main process log: one line per entry in <OS log folder>/main.log, rotated to main.1.log …
// main.<keep>.log when it would grow past maxBytes, so it never fills the disk.

export type LogLevel = 'info' | 'warn' | 'error';
export interface Logger {
  readonly file: string;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LogOptions {
  dir: string;
  name?: string;
  maxBytes?: number;
  keep?: number;
  now?: () => Date;
  /** Where a line goes when the file cannot be written (defaults to stderr). */
  fallback?: (line: string) => void;
}

export function createLogger(options: LogOptions): Logger {
  const name = options.name ?? 'main';
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const keep = options.keep ?? 3;
  const now = options.now ?? (() => new Date());
  const fallback = options.fallback ?? ((line: string) => process.stderr.write(line));
  const file = join(options.dir, `${name}.log`);
  const rotated = (n: number) => join(options.dir, `${name}.${n}.log`);
  let size: number | null = null;

  const currentSize = (): number => {
    if (size === null) {
      try {
        size = statSync(file).size;
      } catch {
        size = 0;
      }
    }
    return size;
  };

  const rotate = (): void => {
    rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n -= 1) {
      try {
        renameSync(rotated(n), rotated(n + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(file, rotated(1));
    size = 0;
  };

  const write = (level: LogLevel, message: string): void => {
    const line = `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message.replace(/\r?\n/g, '\n    ')}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      mkdirSync(options.dir, { recursive: true });
      if (currentSize() > 0 && currentSize() + bytes > maxBytes) rotate();
      appendFileSync(file, line);
      size = currentSize() + bytes;
    } catch (error) {
      size = null;
      fallback(`[log file unavailable: ${String(error)}] ${line}`);
    }
  };

  return {
    file,
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}
