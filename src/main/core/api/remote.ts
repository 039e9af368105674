import { z } from 'zod';
import {
  BillingResponseSchema,
  BulkResultSchema,
  CatalogSchema,
  ChangeSchema,
  ChangesSchema,
  CreditsSchema,
  LoginResponseSchema,
  RegenerateResponseSchema,
  VideoSchema,
  VideoStatusSchema,
  type BillingResponse,
  type BulkResult,
  type Catalog,
  type Change,
  type Changes,
  type Credits,
  type LoginResponse,
  type PatchVideoRequest,
  type RegenerateResponse,
  type Video,
  type VideoStatusPayload,
} from '../../../shared/api/schemas';
import type { CreditPack, Plan } from '../../../shared/api/vocabulary';
import type { ApiClient } from './client';
import { BadResponseError } from './errors';

const ChangesEnvelopeSchema = ChangesSchema.extend({ changes: z.array(z.unknown()).max(10_000) });
const VALIDATE_SLICE = 100;

/** The routes of the remote API the core uses, each typed by its wire schema. */
export class RemoteApi {
  constructor(readonly client: ApiClient) {}

  login(email: string, password: string): Promise<LoginResponse> {
    return this.client.request({
      method: 'POST',
      path: '/api/auth/login',
      context: 'sign-in',
      schema: LoginResponseSchema,
      body: { email, password },
      idempotent: false,
      anonymous: true,
    });
  }

  async logout(): Promise<void> {
    await this.client.request({
      method: 'POST',
      path: '/api/auth/logout',
      context: 'sign-out',
      schema: null,
      idempotent: true,
    });
  }

  /**
   * A page of the change feed. The envelope is checked first, then every change against ChangeSchema in
   * slices with a yield between them, so validating a large page never blocks the event loop for long.
   */
  async changes(since: string | null, limit: number): Promise<Changes> {
    const page = await this.client.request({
      method: 'GET',
      path: '/api/user/videos/changes',
      context: 'the change feed',
      schema: ChangesEnvelopeSchema,
      query: { since: since ?? undefined, limit },
      idempotent: true,
    });
    const changes: Change[] = [];
    for (let i = 0; i < page.changes.length; i += VALIDATE_SLICE) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      for (let j = i; j < Math.min(page.changes.length, i + VALIDATE_SLICE); j++) {
        const parsed = ChangeSchema.safeParse(page.changes[j]);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue ? `changes.${j}.${issue.path.join('.')}: ${issue.message}` : `changes.${j}`;
          throw new BadResponseError('the change feed', `it does not match the API (${where})`);
        }
        changes.push(parsed.data);
      }
    }
    return { changes, next_cursor: page.next_cursor, has_more: page.has_more };
  }

  video(id: number): Promise<Video> {
    return this.client.request({
      method: 'GET',
      path: `/api/videos/${id}`,
      context: `video ${id}`,
      schema: VideoSchema,
      idempotent: true,
    });
  }

  status(id: number): Promise<VideoStatusPayload> {
    return this.client.request({
      method: 'GET',
      path: `/api/videos/${id}/status`,
      context: `the status of video ${id}`,
      schema: VideoStatusSchema,
      idempotent: true,
    });
  }

  credits(): Promise<Credits> {
    return this.client.request({
      method: 'GET',
      path: '/api/user/credits',
      context: 'the credit summary',
      schema: CreditsSchema,
      idempotent: true,
    });
  }

  async deleteVideo(id: number): Promise<void> {
    await this.client.request({
      method: 'DELETE',
      path: `/api/videos/${id}`,
      context: `deleting video ${id}`,
      schema: null,
      idempotent: true,
    });
  }

  regenerate(id: number, idempotencyKey: string): Promise<RegenerateResponse> {
    return this.client.request({
      method: 'POST',
      path: `/api/videos/${id}/regenerate`,
      context: `regenerating video ${id}`,
      schema: RegenerateResponseSchema,
      headers: { 'idempotency-key': idempotencyKey },
      idempotent: true,
    });
  }

  /** Bulk delete is idempotent by nature; bulk regenerate carries an Idempotency-Key. */
  bulk(action: 'delete' | 'regenerate', ids: readonly number[], idempotencyKey: string): Promise<BulkResult> {
    return this.client.request({
      method: 'POST',
      path: '/api/videos/bulk',
      context: `bulk ${action}`,
      schema: BulkResultSchema,
      body: { action, ids },
      headers: { 'idempotency-key': idempotencyKey },
      idempotent: true,
    });
  }

  patch(id: number, body: PatchVideoRequest): Promise<Video> {
    return this.client.request({
      method: 'PATCH',
      path: `/api/videos/${id}`,
      context: `editing video ${id}`,
      schema: VideoSchema,
      body,
      idempotent: true,
    });
  }

  catalog(): Promise<Catalog> {
    return this.client.request({
      method: 'GET',
      path: '/api/billing/catalog',
      context: 'the billing catalog',
      schema: CatalogSchema,
      idempotent: true,
    });
  }

  purchase(pack: CreditPack): Promise<BillingResponse> {
    return this.client.request({
      method: 'POST',
      path: '/api/billing/purchase',
      context: 'buying credits',
      schema: BillingResponseSchema,
      body: { pack },
      idempotent: false,
    });
  }

  changePlan(plan: Plan): Promise<BillingResponse> {
    return this.client.request({
      method: 'POST',
      path: '/api/billing/plan',
      context: 'changing plan',
      schema: BillingResponseSchema,
      body: { plan },
      idempotent: false,
    });
  }
}
