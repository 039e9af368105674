import {
  FAILURE_CODES,
  TRIGGER_TAGS,
  type Plan,
  type Quality,
  type TriggerTag,
} from '../../shared/api/vocabulary';
import type { DownloadItem } from '../../shared/ipc/downloads';
import {
  INVOKE_CHANNELS,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponses,
  type IpcErrorCode,
  type IpcResult,
  type RendererApi,
} from '../../shared/ipc/contract';
import {
  SettingsPatchSchema,
  ViewStatePatchSchema,
  ViewStateSchema,
  type CreditsSummary,
  type LibraryQuery,
  type LibraryVideo,
  type SessionState,
  type Settings,
  type SyncStatus,
} from '../../shared/ipc/models';
import { CoreLibrary } from './core-library';

// A test double of the IPC boundary for component tests. The library channels (page, count, ids,
// get, tag counts) answer from the app's real core over a real SQLite cache (core-library.ts), so a
// component test sees the app's sorting, filtering and search; `videos` is what the server would
// hold, written to that cache at start and whenever `library:changed` is emitted. The rest (session,
// credits, downloads) is modelled here on the core's rules. The end-to-end suite uses the real core
// for everything.

export interface MemoryApiOptions {
  videos?: number;
  balance?: number;
  plan?: Plan;
  signedIn?: boolean;
  online?: boolean;
  settings?: Partial<Settings>;
  mediaCacheBytes?: number;
  folderPicker?: ((currentDir: string) => string | null) | null;
  /** The Electron host: OS drag-out, "show in folder" and "open" work. False = the web host. */
  desktop?: boolean;
}

export function makeVideo(id: number, overrides: Partial<LibraryVideo> = {}): LibraryVideo {
  const statusCycle = ['ready', 'ready', 'processing', 'ready', 'failed'] as const;
  const status = statusCycle[id % statusCycle.length];
  const created = new Date(Date.UTC(2025, 5, 25, 14, 2) - id * 3_600_000).toISOString();
  const triggers: TriggerTag[] = [
    TRIGGER_TAGS[id % TRIGGER_TAGS.length],
    TRIGGER_TAGS[(id * 7) % TRIGGER_TAGS.length],
  ];
  return {
    id,
    title: `Video ${String(id).padStart(5, '0')}`,
    prompt: `A calm ${triggers[0].toLowerCase()} scene number ${id}`,
    triggers: [...new Set(triggers)],
    status,
    progress: status === 'processing' ? 0.4 : null,
    failure:
      status === 'failed'
        ? { code: FAILURE_CODES[id % FAILURE_CODES.length], message: 'Rendering failed' }
        : null,
    creditCost: 5 + (id % 7) * 5,
    createdAt: created,
    updatedAt: created,
    regeneratedFrom: null,
    qualities: [
      { quality: 'sd', bytes: 12_000_000, width: 854, height: 480, allowed: true },
      { quality: 'hd', bytes: 48_000_000, width: 1920, height: 1080, allowed: true },
      { quality: '4k', bytes: 190_000_000, width: 3840, height: 2160, allowed: false },
    ],
    thumbnailUrl: status === 'ready' ? `/media/${id}/thumbnail.jpg` : null,
    previewUrl: status === 'ready' ? `/media/${id}/preview.mp4` : null,
    pending: null,
    localFiles: [],
    ...overrides,
  };
}

const defaultQuery: LibraryQuery = {
  sort: 'date',
  order: 'default',
  statuses: [],
  tags: [],
  tagMatch: 'any',
  search: '',
};

/** Channels the double does not model answer `unknown_channel`, as an older core would. */
type Handlers = { [C in InvokeChannel]?: (req: InvokeRequest<C>) => InvokeResponses[C] };

export class MemoryApi {
  videos: LibraryVideo[];
  credits: CreditsSummary;
  settings: Settings;
  session: SessionState;
  sync: SyncStatus;
  readonly calls: { channel: InvokeChannel; request: unknown }[] = [];
  /** Channels that answer with this error instead of their value. */
  readonly failures = new Map<InvokeChannel, { code: IpcErrorCode; message: string }>();
  /** Bytes the media cache holds, all freed by `media:clearCache`. */
  mediaCacheBytes: number;
  /** The host's folder picker (given the current folder), or null as in the web host. */
  folderPicker: ((currentDir: string) => string | null) | null;
  desktop: boolean;
  /** The download queue, as the core keeps it. */
  downloads: DownloadItem[] = [];
  /** Downloaded files on the (pretend) disk, by `videoId:quality`; `deleteFile` removes one. */
  readonly disk = new Set<string>();
  /** Files the host's drag received, per startDrag call. */
  readonly dragged: string[][] = [];
  private nextDownloadId = 1;
  private readonly listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  private nextId: number;
  private readonly core = new CoreLibrary();

  constructor(options: MemoryApiOptions = {}) {
    const count = options.videos ?? 60;
    this.videos = Array.from({ length: count }, (_, i) => makeVideo(i + 1));
    this.nextId = count + 1;
    this.core.write(this.videos, null);
    this.mediaCacheBytes = options.mediaCacheBytes ?? 0;
    this.folderPicker = options.folderPicker ?? null;
    this.desktop = options.desktop ?? false;
    const plan = options.plan ?? 'basic';
    this.credits = {
      balance: options.balance ?? 500,
      plan,
      totalVideos: count,
      creditsSpentThisMonth: 120,
      averageCreditsPerVideo: 15,
      asOf: new Date().toISOString(),
    };
    this.settings = {
      serverUrl: 'http://127.0.0.1:4000',
      downloadDir: '/tmp/downloads',
      paginationMode: 'infinite',
      pageSize: 24,
      downloadConcurrency: 2,
      bandwidthLimitKBps: 0,
      mediaCacheMb: 500,
      theme: 'system',
      viewMode: 'grid',
      density: 'comfortable',
      writeSidecar: false,
      lastQuery: defaultQuery,
      ...options.settings,
    };
    this.session =
      options.signedIn === false
        ? { status: 'signed_out', serverUrl: this.settings.serverUrl }
        : {
            status: 'signed_in',
            serverUrl: this.settings.serverUrl,
            user: { id: 1, email: 'ada@example.com', plan },
          };
    this.sync = {
      online: options.online ?? true,
      syncing: false,
      lastSyncedAt: new Date().toISOString(),
      pendingActions: 0,
      error: null,
    };
  }

  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void {
    // As the core: the cache holds the change before anyone is told of it.
    if (event === 'library:changed') {
      const { ids } = payload as EventPayloads['library:changed'];
      this.core.write(this.videos, ids);
    }
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (p: EventPayloads[E]) => void)(payload);
  }

  /** Every video the query (default: the whole library, newest first) matches, as the core answers. */
  matching(query: Partial<LibraryQuery> = {}): LibraryVideo[] {
    const full = { ...defaultQuery, ...query };
    return this.core.library.page(full, 0, this.core.library.count(full)).items;
  }

  private estimate(action: 'delete' | 'regenerate', ids: number[]) {
    const cost =
      action === 'delete'
        ? 0
        : ids.reduce((sum, id) => sum + (this.videos.find((v) => v.id === id)?.creditCost ?? 0), 0);
    const balance = this.credits.balance;
    return {
      action,
      count: ids.length,
      cost,
      spent: ids.reduce((sum, id) => sum + (this.videos.find((v) => v.id === id)?.creditCost ?? 0), 0),
      balance,
      balanceAfter: balance - cost,
      affordable: cost <= balance,
      plan: this.credits.plan,
    };
  }

  private readonly handlers: Handlers = {
    'app:info': () => ({ name: 'AIASMR Video', version: '0.1.0', host: 'web', platform: 'linux' }),
    'session:get': () => this.session,
    'session:signIn': (req) => {
      if (req.password !== 'correct horse')
        throw Object.assign(new Error('Wrong email or password'), { code: 'invalid_request' });
      this.session = {
        status: 'signed_in',
        serverUrl: this.settings.serverUrl,
        user: { id: 1, email: req.email, plan: this.credits.plan },
      };
      return this.session;
    },
    'session:signOut': () => {
      this.session = { status: 'signed_out', serverUrl: this.settings.serverUrl, reason: 'signed_out' };
      return this.session;
    },
    'library:page': (req) => this.core.library.page({ ...defaultQuery, ...req.query }, req.offset, req.limit),
    'library:count': (req) => ({ total: this.core.library.count({ ...defaultQuery, ...req.query }) }),
    'library:ids': (req) => ({
      ids: this.core.library.ids({ ...defaultQuery, ...req.query }, req.offset, req.limit),
    }),
    'library:get': (req) => this.core.library.get(req.id),
    'library:tagCounts': () => this.core.library.tagCounts(),
    'sync:now': () => this.sync,
    'sync:status': () => this.sync,
    'actions:estimate': (req) => this.estimate(req.action, req.ids),
    'actions:delete': (req) => {
      if (!this.sync.online) {
        for (const v of this.videos) if (req.ids.includes(v.id)) v.pending = 'delete';
        this.emit('library:changed', { ids: req.ids });
        return { done: [], queued: req.ids, failed: [] };
      }
      this.videos = this.videos.filter((v) => !req.ids.includes(v.id));
      this.credits = { ...this.credits, totalVideos: this.videos.length };
      this.emit('library:changed', { ids: req.ids });
      return { done: req.ids, queued: [], failed: [] };
    },
    'actions:regenerate': (req) => {
      const est = this.estimate('regenerate', req.ids);
      if (!est.affordable) {
        return {
          done: [],
          queued: [],
          failed: req.ids.map((id) => ({ id, code: 'insufficient_credits', message: 'Not enough credits' })),
        };
      }
      for (const id of req.ids) {
        const source = this.videos.find((v) => v.id === id);
        if (source)
          this.videos.push(
            makeVideo(this.nextId++, {
              title: source.title,
              status: 'processing',
              progress: 0,
              failure: null,
              thumbnailUrl: null,
              previewUrl: null,
              regeneratedFrom: id,
              createdAt: new Date().toISOString(),
            }),
          );
      }
      this.credits = {
        ...this.credits,
        balance: this.credits.balance - est.cost,
        totalVideos: this.videos.length,
      };
      this.emit('library:changed', { ids: null });
      this.emit('credits:changed', this.credits);
      return { done: req.ids, queued: [], failed: [] };
    },
    'actions:edit': (req) => {
      const video = this.videos.find((v) => v.id === req.id);
      if (!video) throw Object.assign(new Error('No such video'), { code: 'not_found' });
      if (req.title) video.title = req.title;
      if (req.tags) video.triggers = req.tags;
      this.core.write(this.videos, [video.id]);
      return this.core.library.get(video.id) ?? video;
    },
    'credits:get': () => this.credits,
    'billing:catalog': () => ({
      packs: [
        { id: 'starter', credits: 100, price_usd: 9 },
        { id: 'creator', credits: 500, price_usd: 39 },
        { id: 'studio', credits: 2000, price_usd: 129 },
      ],
      plans: [
        { id: 'free', price_usd: 0, qualities: ['sd'], monthly_credits: 50 },
        { id: 'basic', price_usd: 12, qualities: ['sd', 'hd'], monthly_credits: 300 },
        { id: 'pro', price_usd: 29, qualities: ['sd', 'hd', '4k'], monthly_credits: 1000 },
      ],
    }),
    'billing:purchase': (req) => {
      const credits = { starter: 100, creator: 500, studio: 2000 }[req.pack];
      this.credits = { ...this.credits, balance: this.credits.balance + credits };
      this.emit('credits:changed', this.credits);
      return this.credits;
    },
    'billing:changePlan': (req) => {
      this.credits = { ...this.credits, plan: req.plan };
      this.emit('credits:changed', this.credits);
      return this.credits;
    },
    'settings:get': () => this.settings,
    'settings:set': (req) => {
      // Validated like the core's dispatch does (same schema, same message), which also fills the
      // query's defaults.
      const parsed = SettingsPatchSchema.safeParse(req);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        throw Object.assign(
          new Error(`Invalid request for settings:set: ${where}${issue?.message ?? 'bad payload'}`),
          { code: 'invalid_request' },
        );
      }
      this.settings = { ...this.settings, ...parsed.data };
      this.emit('settings:changed', this.settings);
      // As the core: a new server address ends the old server's session at once, and the sign-in
      // goes to the server the settings name now.
      if (this.session.serverUrl !== this.settings.serverUrl) {
        this.session =
          this.session.status === 'signed_out'
            ? { ...this.session, serverUrl: this.settings.serverUrl }
            : { status: 'signed_out', serverUrl: this.settings.serverUrl, reason: 'server_changed' };
        this.emit('session:changed', this.session);
      }
      return this.settings;
    },
    'view:set': (req) => {
      // As the core: saved with the settings, and nobody is told.
      const parsed = ViewStatePatchSchema.parse(req);
      this.settings = { ...this.settings, ...parsed };
      return ViewStateSchema.parse(this.settings);
    },
    'media:clearCache': () => {
      const bytesFreed = this.mediaCacheBytes;
      this.mediaCacheBytes = 0;
      return { bytesFreed };
    },
    'dialog:pickFolder': () => {
      // As the core: no host picker answers not_supported; a chosen folder is saved to the settings.
      if (this.folderPicker === null)
        throw Object.assign(new Error('Choosing a folder is only available in the desktop app'), {
          code: 'not_supported',
        });
      const path = this.folderPicker(this.settings.downloadDir);
      if (path !== null) {
        this.settings = { ...this.settings, downloadDir: path };
        this.emit('settings:changed', this.settings);
      }
      return { path };
    },
    'external:open': () => ({ opened: true }),
    // The queue's rules are the core's (queue.ts): which state each action applies to, and its answer.
    'downloads:start': (req) => {
      const started: DownloadItem[] = [];
      const failed: { videoId: number; code: string; message: string }[] = [];
      for (const videoId of req.videoIds) {
        const video = this.videos.find((v) => v.id === videoId);
        if (!video || video.status !== 'ready' || !video.qualities.some((q) => q.quality === req.quality)) {
          failed.push({
            videoId,
            code: 'not_found',
            message: 'This quality is not available for this video.',
          });
        } else started.push(this.newDownload(videoId, req.quality));
      }
      return { started, failed };
    },
    'downloads:list': () => this.downloads,
    'downloads:pause': ({ id }) => {
      const item = this.download(id);
      if (item.state !== 'active' && item.state !== 'queued')
        throw Object.assign(
          new Error(`This download is ${item.state}; only a queued or running one can be paused.`),
          {
            code: 'conflict',
          },
        );
      return this.update(id, { state: 'paused', speedBps: null, etaSeconds: null });
    },
    'downloads:resume': ({ id }) => {
      const item = this.download(id);
      if (item.state !== 'paused')
        throw Object.assign(new Error(`This download is ${item.state}, not paused.`), { code: 'conflict' });
      return this.update(id, { state: 'queued' });
    },
    'downloads:cancel': ({ id }) => {
      const item = this.download(id);
      if (item.state === 'completed' || item.state === 'cancelled')
        throw Object.assign(new Error(`This download is already ${item.state}.`), { code: 'conflict' });
      return this.update(id, { state: 'cancelled', speedBps: null, etaSeconds: null });
    },
    'downloads:retry': ({ id }) => {
      const item = this.download(id);
      if (item.state === 'cancelled') return this.newDownload(item.videoId, item.quality);
      if (item.state !== 'failed')
        throw Object.assign(new Error(`This download is ${item.state}, not failed.`), { code: 'conflict' });
      return this.update(id, { state: 'queued', error: null });
    },
    'downloads:remove': ({ id }) => {
      const item = this.download(id);
      if (item.state !== 'completed' && item.state !== 'cancelled')
        throw Object.assign(
          new Error(`This download is ${item.state}; cancel it first, then remove it from the list.`),
          { code: 'conflict' },
        );
      return this.removeDownloads([id]);
    },
    'downloads:clearFinished': () =>
      this.removeDownloads(
        this.downloads.filter((d) => d.state === 'completed' || d.state === 'cancelled').map((d) => d.id),
      ),
    'downloads:checkFiles': () => {
      const changed: number[] = [];
      for (const video of this.videos) {
        let flipped = false;
        video.localFiles = video.localFiles.map((f) => {
          const present = this.disk.has(`${video.id}:${f.quality}`);
          if (present !== f.present) flipped = true;
          return { quality: f.quality, present };
        });
        if (flipped) changed.push(video.id);
      }
      if (changed.length > 0) this.emit('library:changed', { ids: changed });
      return { changed };
    },
    'downloads:reveal': ({ id }) => this.fileAction(id),
    'downloads:open': ({ id }) => this.fileAction(id),
    'downloads:startDrag': ({ videoIds }) => {
      if (!this.desktop)
        throw Object.assign(new Error('Drag-out needs the desktop app.'), { code: 'not_supported' });
      const dragged: string[] = [];
      const missing: number[] = [];
      for (const id of videoIds) {
        const item = this.downloads.find(
          (d) => d.videoId === id && d.state === 'completed' && this.disk.has(`${id}:${d.quality}`),
        );
        if (item?.path) dragged.push(item.path);
        else missing.push(id);
      }
      if (dragged.length > 0) this.dragged.push(dragged);
      return { dragged, missing };
    },
  };

  private download(id: number): DownloadItem {
    const item = this.downloads.find((d) => d.id === id);
    if (!item) throw Object.assign(new Error('No such download'), { code: 'not_found' });
    return item;
  }

  private update(id: number, patch: Partial<DownloadItem>): DownloadItem {
    const next = { ...this.download(id), ...patch };
    this.downloads = this.downloads.map((d) => (d.id === id ? next : d));
    return next;
  }

  /** The core reports progress of a running download. */
  private removeDownloads(ids: number[]): { removed: number[] } {
    this.downloads = this.downloads.filter((d) => !ids.includes(d.id));
    if (ids.length > 0) this.emit('downloads:progress', { items: [], removed: ids });
    return { removed: ids };
  }

  progress(id: number, bytesDone: number, speedBps: number, etaSeconds: number): DownloadItem {
    const item = this.update(id, { state: 'active', bytesDone, speedBps, etaSeconds });
    this.emit('downloads:progress', { items: [item] });
    return item;
  }

  /** A download finishes and its file is verified: the card gains its badge. */
  complete(id: number): DownloadItem {
    const before = this.download(id);
    const item = this.update(id, {
      state: 'completed',
      bytesDone: before.bytesTotal,
      speedBps: null,
      etaSeconds: null,
      path: `${this.settings.downloadDir}/${before.fileName}`,
      completedAt: new Date().toISOString(),
    });
    this.disk.add(`${item.videoId}:${item.quality}`);
    const video = this.videos.find((v) => v.id === item.videoId);
    if (video)
      video.localFiles = [
        ...video.localFiles.filter((f) => f.quality !== item.quality),
        { quality: item.quality, present: true },
      ];
    this.emit('downloads:progress', { items: [item] });
    this.emit('library:changed', { ids: [item.videoId] });
    return item;
  }

  fail(id: number, code: string, message: string): DownloadItem {
    const item = this.update(id, {
      state: 'failed',
      speedBps: null,
      etaSeconds: null,
      error: { code, message },
    });
    this.emit('downloads:progress', { items: [item] });
    return item;
  }

  /** The user deletes a downloaded file behind the app's back (seen at the next checkFiles). */
  deleteFile(videoId: number, quality: Quality): void {
    this.disk.delete(`${videoId}:${quality}`);
  }

  private newDownload(videoId: number, quality: Quality): DownloadItem {
    const video = this.videos.find((v) => v.id === videoId);
    const file = video?.qualities.find((q) => q.quality === quality);
    const item: DownloadItem = {
      id: this.nextDownloadId++,
      videoId,
      quality,
      title: video?.title ?? '',
      fileName: `${video?.title ?? videoId} (${quality}).mp4`,
      path: null,
      state: 'queued',
      bytesDone: 0,
      bytesTotal: file?.bytes ?? 0,
      speedBps: null,
      etaSeconds: null,
      error: null,
      createdAt: new Date(Date.UTC(2026, 0, 1) + this.nextDownloadId * 1000).toISOString(),
      completedAt: null,
    };
    this.downloads = [...this.downloads, item];
    return item;
  }

  private fileAction(id: number): { done: boolean } {
    const item = this.download(id);
    if (item.state !== 'completed' || !this.disk.has(`${item.videoId}:${item.quality}`))
      throw Object.assign(new Error('The file was moved or deleted. Download it again.'), {
        code: 'not_found',
      });
    return { done: this.desktop };
  }

  /** The `RendererApi` view of this double. */
  asApi(): RendererApi {
    const invoke =
      <C extends InvokeChannel>(channel: C) =>
      async (request: InvokeRequest<C>): Promise<IpcResult<InvokeResponses[C]>> => {
        this.calls.push({ channel, request });
        await Promise.resolve();
        const failure = this.failures.get(channel);
        if (failure) return { ok: false, error: failure };
        try {
          const handler: ((req: InvokeRequest<C>) => InvokeResponses[C]) | undefined = this.handlers[channel];
          if (!handler)
            return { ok: false, error: { code: 'unknown_channel', message: `No handler for ${channel}` } };
          return { ok: true, value: structuredClone(handler(request)) };
        } catch (error) {
          const code = (error as { code?: IpcErrorCode }).code ?? 'internal';
          return {
            ok: false,
            error: { code, message: error instanceof Error ? error.message : String(error) },
          };
        }
      };
    const api: Partial<Record<InvokeChannel, unknown>> = {};
    for (const channel of INVOKE_CHANNELS) api[channel] = invoke(channel);
    return {
      // Every channel was filled from the contract's channel list just above.
      ...(api as Omit<RendererApi, 'on'>),
      on: (event, listener) => {
        let set = this.listeners.get(event);
        if (!set) {
          set = new Set();
          this.listeners.set(event, set);
        }
        set.add(listener);
        return () => set.delete(listener);
      },
    };
  }

  callsTo(channel: InvokeChannel): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request);
  }
}
