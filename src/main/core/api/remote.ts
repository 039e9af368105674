import {
  BillingResponseSchema,
  BulkResultSchema,
  CatalogSchema,
  ChangesSchema,
  CreditsSchema,
  LoginResponseSchema,
  RegenerateResponseSchema,
  VideoSchema,
  VideoStatusSchema,
  type BillingResponse,
  type BulkResult,
  type Catalog,
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

  changes(since: string | null, limit: number): Promise<Changes> {
    return this.client.request({
      method: 'GET',
      path: '/api/user/videos/changes',
      context: 'the change feed',
      schema: ChangesSchema,
      query: { since: since ?? undefined, limit },
      idempotent: true,
    });
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
