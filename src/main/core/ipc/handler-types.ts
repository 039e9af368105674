import type { InvokeChannel, InvokeResponses, ParsedInvokeRequest } from '../../../shared/ipc/contract';

/** A handler receives the request already validated by the contract's schema. */
export type Handler<C extends InvokeChannel> = (
  request: ParsedInvokeRequest<C>,
) => Promise<InvokeResponses[C]>;

/** One handler per channel of the contract: a channel without a handler fails typecheck. */
export type Handlers = { [C in InvokeChannel]: Handler<C> };
