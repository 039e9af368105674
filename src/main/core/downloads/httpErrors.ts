import type { Response } from 'got';
import { parseRetryAfter } from './backoff';
import { DownloadError } from './errors';

// What an HTTP answer other than 200 / 206 / 416 means for a download: a clear, final error (auth, plan,
// gone, not ready) or a retryable one that carries the server's Retry-After.

export class RetryableHttpError extends DownloadError {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super('server_error', message, true);
  }
}

/** A 401: the token was revoked or expired. Not a failure of the download: it waits for a sign-in. */
export class SignedOutError extends DownloadError {
  constructor(
    readonly reason: 'expired' | 'revoked',
    message: string,
  ) {
    super('signed_out', message);
  }
}

export function header(response: Response, name: string): string | undefined {
  const v = response.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads a little of the error body for the server's code and message, then maps the status. */
export async function errorFromResponse(
  stream: NodeJS.ReadableStream & { destroy(): void },
  response: Response,
): Promise<DownloadError> {
  const status = response.statusCode;
  let body = '';
  try {
    for await (const chunk of stream) {
      body += String(chunk);
      if (body.length > 16_384) break;
    }
  } catch {
    // The body is only a hint; the status code decides.
  }
  stream.destroy();
  let code = '';
  let message = '';
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const e = parsed.error;
      if (typeof e === 'object' && e !== null) {
        if ('code' in e && typeof e.code === 'string') code = e.code;
        if ('message' in e && typeof e.message === 'string') message = e.message;
      }
    }
  } catch {
    message = '';
  }
  const detail = message === '' ? `HTTP ${status}` : `${message} (HTTP ${status})`;
  if (status === 401) {
    return code === 'token_expired'
      ? new SignedOutError('expired', 'Your session has expired. Please sign in again.')
      : new SignedOutError('revoked', 'Your session is no longer valid. Please sign in again.');
  }
  if (status === 403) {
    return code === 'plan_required'
      ? new DownloadError('plan_required', `Your plan does not include this quality; upgrade to download it.`)
      : new DownloadError('unauthorized', `The server refused this download (${detail}).`);
  }
  if (status === 404 || status === 410)
    return new DownloadError('not_found', `The video is gone (${detail}).`);
  if (status === 409)
    return new DownloadError('not_ready', `The video is not ready to download yet (${detail}).`);
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return new RetryableHttpError(
      `The server is busy (${detail}).`,
      parseRetryAfter(response.headers['retry-after']),
    );
  }
  return new DownloadError('bad_response', `The server answered the download with ${detail}.`);
}
