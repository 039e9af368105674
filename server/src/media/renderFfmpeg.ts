import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

/** The ffmpeg binary: `AIASMR_FFMPEG` when set (tests point it at a missing file), else `ffmpeg` on PATH. */
export function ffmpegBinary(): string {
  return process.env.AIASMR_FFMPEG ?? 'ffmpeg';
}

export class FfmpegError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FfmpegError';
  }
}

/** A render stopped on purpose (the server is shutting down): not a failure of the render itself. */
export class RenderAbortedError extends Error {
  constructor() {
    super('the render was stopped');
    this.name = 'RenderAbortedError';
  }
}

const STDERR_TAIL = 4000;

/**
 * By default renders run below normal priority, so a server keeps answering requests while its worker
 * renders; they still get every cycle nothing else wants.
 */
export const RENDER_NICENESS = 10;

/**
 * Runs ffmpeg with an argument array (never a shell) and resolves with its stdout. A missing binary,
 * a non-zero exit or running past `timeoutMs` rejects with an FfmpegError that quotes the end of stderr.
 * When `signal` aborts, ffmpeg is killed at once and the promise rejects with RenderAbortedError.
 */
export function runFfmpeg(
  args: readonly string[],
  opts: { timeoutMs: number; binary?: string; niceness?: number; signal?: AbortSignal },
): Promise<string> {
  const binary = opts.binary ?? ffmpegBinary();
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new RenderAbortedError());
      return;
    }
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const niceness = opts.niceness ?? RENDER_NICENESS;
    if (child.pid !== undefined && niceness !== 0) {
      try {
        setPriority(child.pid, niceness);
      } catch {
        // Not permitted on some systems; the render then runs at normal priority, which is only slower.
      }
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(
        new FfmpegError(
          err.code === 'ENOENT'
            ? `ffmpeg was not found (tried "${binary}"). Install it (e.g. apt-get install -y ffmpeg) or set AIASMR_FFMPEG.`
            : `ffmpeg could not be started: ${err.message}`,
        ),
      );
    });
    child.on('close', (code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (aborted) reject(new RenderAbortedError());
      else if (timedOut)
        reject(new FfmpegError(`ffmpeg ran longer than ${opts.timeoutMs} ms and was stopped`));
      else if (code === 0) resolve(stdout);
      else
        reject(
          new FfmpegError(
            `ffmpeg failed (${exitSignal ? `signal ${exitSignal}` : `exit code ${code}`}): ${stderr.trim() || 'no output'}`,
          ),
        );
    });
  });
}
