// The messages of the web host's WebSocket bridge, shared by both ends (no DOM, no Node imports).

import { MAX_IDS_PER_CALL } from './ipc/limits';

export interface InvokeMessage {
  t: 'invoke';
  id: number;
  channel: string;
  payload: unknown;
}

export interface ResultMessage {
  t: 'result';
  id: number;
  result: unknown;
}

export interface EventMessage {
  t: 'event';
  event: string;
  payload: unknown;
}

/** The query parameter that carries the web host's per-run token (page URL, socket, media). */
export const TOKEN_PARAM = 't';
export const SOCKET_PATH = '/ws';

/**
 * The largest message the host accepts: the contract's largest valid call is MAX_IDS_PER_CALL ids of
 * the largest valid id (a safe integer: 16 digits and a comma each, about 1.7 MB), and 64 KiB covers
 * the envelope and every other field, so a legitimate select-all never meets a transport limit.
 */
export const MAX_MESSAGE_BYTES = MAX_IDS_PER_CALL * (String(Number.MAX_SAFE_INTEGER).length + 1) + 64 * 1024;
