import { DownloadError } from './errors';

// How a pause or a cancel reaches a download: an AbortSignal whose reason is 'pause' or 'cancel'.

export type AbortReason = 'pause' | 'cancel';

export function abortError(signal: AbortSignal | undefined): DownloadError {
  return signal?.reason === 'cancel'
    ? new DownloadError('cancelled', 'The download was cancelled.')
    : new DownloadError('paused', 'The download is paused.');
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
