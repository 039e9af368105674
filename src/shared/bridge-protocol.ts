// The messages of the web host's WebSocket bridge, shared by both ends (no DOM, no Node imports).

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
