// Why a download stopped. Each code has one message the user can act on; `retryable` says whether the
// resume loop may try again by itself (network trouble) or must stop and tell the user (disk, auth).

export const DOWNLOAD_ERROR_CODES = [
  'network',
  'server_error',
  'unauthorized',
  /** 401: the session ended (revoked or expired); the download waits for the next sign-in. */
  'signed_out',
  'plan_required',
  'not_found',
  'not_ready',
  'bad_response',
  'checksum_mismatch',
  'insufficient_space',
  'disk_full',
  'destination_missing',
  'permission_denied',
  'io_error',
  'paused',
  'cancelled',
] as const;
export type DownloadErrorCode = (typeof DOWNLOAD_ERROR_CODES)[number];

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

function errnoOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Turns a file-system failure on the destination into a clear, non-retryable error. */
export function diskError(error: unknown, folder: string): DownloadError {
  if (error instanceof DownloadError) return error;
  const code = errnoOf(error);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new DownloadError(
        'disk_full',
        `The disk holding ${folder} is full. Free some space and retry.`,
        false,
        {
          cause: error,
        },
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new DownloadError(
        'destination_missing',
        `The download folder ${folder} no longer exists. Choose another folder or recreate it, then retry.`,
        false,
        { cause: error },
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DownloadError(
        'permission_denied',
        `This app is not allowed to write in ${folder}. Choose another folder or change its permissions.`,
        false,
        { cause: error },
      );
    default:
      return new DownloadError(
        'io_error',
        `Writing to ${folder} failed (${code ?? (error instanceof Error ? error.message : String(error))}).`,
        false,
        { cause: error },
      );
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_GOT_REQUEST_ERROR',
]);

/** Whether an error thrown while talking to the server is transient network trouble worth retrying. */
export function isNetworkError(error: unknown): boolean {
  const code = errnoOf(error);
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  if (error instanceof Error && error.name === 'ReadError') return true;
  if (error instanceof Error && error.name === 'TimeoutError') return true;
  const cause = error instanceof Error ? error.cause : undefined;
  return cause !== undefined && cause !== error && isNetworkError(cause);
}
