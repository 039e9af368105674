import type { Core } from '../../core';

/** What the per-domain handler modules receive; they call services, they hold no logic of their own. */
export interface HandlerContext {
  core: Core;
}
