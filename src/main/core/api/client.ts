import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { RequestError, type Method } from 'got';
import type { z } from 'zod';
import { ApiErrorSchema } from '../../../shared/api/schemas';
import { ApiRequestError, AuthError, BadResponseError, OfflineError, TruncatedResponseError } from './errors';

export interface ApiClientOptions {
  baseUrl: string;
  /** The bearer token, read at each request (null when signed out). */
  getToken: () => string | null;
  connectTimeoutMs?: number;
  /** Longest silence on the socket while waiting for or reading a response. */
  idleTimeoutMs?: number;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes?: number;
  /** Attempts for idempotent requests (1 = no retry). */
  attempts?: number;
  /** First backoff delay; doubles each retry, plus up to as much again of random jitter. */
  backoffMs?: number;
}

export interface RequestSpec<S extends z.ZodType | null> {
  method: Method;
  path: string;
  /** What the call is, in words, for error messages ("the change feed"). */
  context: string;
  schema: S;
  query?: Record<string, string | number | string[] | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to send twice (GET, DELETE, or a POST carrying an Idempotency-Key). */
  idempotent: boolean;
  /** Send no bearer token (login). */
  anonymous?: boolean;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const OFFLINE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The HTTP client of the remote API. Every answer is checked against its wire schema before anyone sees
 * it, so callers either get valid data or a typed error (offline, refused, bad response), never a crash.
 */
export class ApiClient {
  readonly baseUrl: string;
  /** Kept-alive connections: a prefetched page goes out at once instead of waiting for a handshake. */
  readonly agent = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  private readonly opts: Required<Omit<ApiClientOptions, 'baseUrl' | 'getToken'>>;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.opts = {
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 20_000,
      maxResponseBytes: options.maxResponseBytes ?? 32 * 1024 * 1024,
      attempts: options.attempts ?? 4,
      backoffMs: options.backoffMs ?? 250,
    };
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.http.destroy();
    this.agent.https.destroy();
  }

  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  /** The Authorization header for a URL of this server (never sent to another origin). */
  authHeaders(url: string): Record<string, string> {
    const token = this.options.getToken();
    if (!token || new URL(url).origin !== new URL(this.baseUrl).origin) return {};
    return { authorization: `Bearer ${token}` };
  }

  async request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>>;
  async request(spec: RequestSpec<null>): Promise<null>;
  async request<S extends z.ZodType | null>(spec: RequestSpec<S>): Promise<unknown> {
    const attempts = spec.idempotent ? this.opts.attempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(spec);
      } catch (err) {
        const retryAfter = retryDelay(err);
        if (attempt >= attempts || retryAfter === null) throw err;
        const base = this.opts.backoffMs * 2 ** (attempt - 1);
        await sleep(Math.max(retryAfter, base + Math.random() * base));
      }
    }
  }

  private async once<S extends z.ZodType | null>(spec: RequestSpec<S>): Promise<unknown> {
    const url = new URL(this.url(spec.path));
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (!spec.anonymous) Object.assign(headers, this.authHeaders(url.href));
    const cap = this.opts.maxResponseBytes;
    const pending = got(url, {
      method: spec.method,
      headers,
      json: spec.body,
      responseType: 'buffer',
      agent: this.agent,
      throwHttpErrors: false,
      followRedirect: false,
      retry: { limit: 0 },
      timeout: { connect: this.opts.connectTimeoutMs, socket: this.opts.idleTimeoutMs },
    });
    let oversized = false;
    pending.on('downloadProgress', (p: { transferred: number; total?: number }) => {
      if (p.transferred > cap || (p.total ?? 0) > cap) {
        oversized = true;
        pending.cancel();
      }
    });
    let response;
    try {
      response = await pending;
    } catch (err) {
      if (oversized) throw new BadResponseError(spec.context, `the answer is larger than ${cap} bytes`);
      throw networkError(spec.context, err);
    }
    const { statusCode } = response;
    const body = response.body;
    if (statusCode >= 200 && statusCode < 300) {
      if (spec.schema === null) return null;
      return parseBody(spec.context, body, spec.schema);
    }
    throw httpError(spec.context, statusCode, body, spec.anonymous === true, response.headers['retry-after']);
  }
}

function parseBody(context: string, body: Buffer, schema: z.ZodType): unknown {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadResponseError(context, `it is not valid JSON (${body.length} bytes, possibly cut off)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape';
    throw new BadResponseError(context, `it does not match the API (${where})`);
  }
  return parsed.data;
}

function networkError(context: string, err: unknown): Error {
  if (err instanceof RequestError) {
    // A body that stops early (reset or closed mid-answer) is a damaged answer; safe calls retry it.
    if (err.name === 'ReadError') return new TruncatedResponseError(context, { cause: err });
    if (err.name === 'TimeoutError' || OFFLINE_CODES.has(err.code)) {
      return new OfflineError(`The server could not be reached for ${context} (${err.code}).`, {
        cause: err,
      });
    }
    return new OfflineError(`The connection to the server failed during ${context} (${err.code}).`, {
      cause: err,
    });
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** A retryable error's minimum wait in ms (from Retry-After), or null when it must not be retried. */
function retryDelay(err: unknown): number | null {
  if (err instanceof OfflineError || err instanceof TruncatedResponseError) return 0;
  if (err instanceof RetryableHttpError) return err.retryAfterMs;
  return null;
}

class RetryableHttpError extends ApiRequestError {
  constructor(
    status: number,
    apiCode: ApiRequestError['apiCode'],
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(status, apiCode, message);
  }
}

function httpError(
  context: string,
  status: number,
  body: Buffer,
  anonymous: boolean,
  retryAfter: string | undefined,
): Error {
  let parsed: ReturnType<typeof ApiErrorSchema.safeParse> | null = null;
  try {
    parsed = ApiErrorSchema.safeParse(JSON.parse(body.toString('utf8')));
  } catch {
    parsed = null;
  }
  const apiError = parsed?.success ? parsed.data.error : null;
  if (status === 401 && !anonymous) {
    return apiError?.code === 'token_expired'
      ? new AuthError('expired', 'Your session has expired. Please sign in again.')
      : new AuthError('revoked', 'Your session is no longer valid. Please sign in again.');
  }
  if (RETRYABLE_STATUS.has(status)) {
    const seconds = Number(retryAfter);
    const wait = Number.isFinite(seconds) ? Math.min(seconds * 1000, 30_000) : 0;
    const code = status === 429 ? 'rate_limited' : 'unavailable';
    const message =
      status === 429
        ? 'The server is busy (too many requests). Please try again shortly.'
        : `The server is unavailable (${status}) for ${context}.`;
    return new RetryableHttpError(status, apiError?.code ?? code, apiError?.message ?? message, wait);
  }
  if (!apiError) {
    return status >= 500
      ? new ApiRequestError(status, 'internal', `The server failed on ${context} (${status}).`)
      : new BadResponseError(context, `status ${status} without an API error body`);
  }
  return new ApiRequestError(status, apiError.code, apiError.message, {
    required: apiError.required,
    balance: apiError.balance,
    planRequired: apiError.plan_required,
  });
}
