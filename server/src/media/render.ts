import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TRIGGER_TAGS, type TriggerTag } from '../../../src/shared/api/vocabulary';
import { FfmpegError, RenderAbortedError, runFfmpeg } from './renderFfmpeg';
import { soundGraph } from './renderSound';

export { FfmpegError, RenderAbortedError } from './renderFfmpeg';

export interface RenderInputs {
  triggers: TriggerTag[];
  aspectRatio: '16:9' | '9:16' | '1:1';
  durationS: number;
  seed: number;
}

export type RenderedKind = 'thumbnail' | 'preview' | 'sd' | 'hd' | '4k';
type Quality = 'sd' | 'hd' | '4k';

export interface RenderedFile {
  kind: RenderedKind;
  /** File name inside the output directory. */
  file: string;
  mime: string;
  bytes: number;
  sha256: string;
  /** Strong validator, quoted, derived from the content hash. */
  etag: string;
  width: number;
  height: number;
}

// Bump when the picture or sound changes, so old assets are not taken for new renders.
const RENDERER_VERSION = 3;
const FPS = 24;
const PREVIEW_SECONDS = 3;
/** Longest stretch of picture encoded; longer clips repeat it. */
const LOOP_SECONDS = 4;
const PREVIEW_FPS = 15;
const PREVIEW_LONG_SIDE = 480;
const THUMBNAIL_WIDTH = 1920;

const QUALITY_SHORT_SIDE = { sd: 480, hd: 1080, '4k': 2160 } as const;
const VIDEO_BITRATE = { sd: '1200k', hd: '5M', '4k': '16M' } as const;
const AUDIO_BITRATE = { sd: '96k', hd: '160k', '4k': '192k' } as const;

const FILE_NAMES: Record<RenderedKind, string> = {
  thumbnail: 'thumbnail.jpg',
  preview: 'preview.mp4',
  sd: 'sd.mp4',
  hd: 'hd.mp4',
  '4k': '4k.mp4',
};

/** Triggers deduplicated in vocabulary order, so the same set in any order is the same render. */
function normalize(inputs: RenderInputs): RenderInputs {
  const triggers = TRIGGER_TAGS.filter((t) => inputs.triggers.includes(t));
  return { triggers, aspectRatio: inputs.aspectRatio, durationS: inputs.durationS, seed: inputs.seed };
}

function validate(inputs: RenderInputs, maxSeconds: number): void {
  const bad = inputs.triggers.filter((t) => !TRIGGER_TAGS.includes(t));
  if (bad.length > 0) throw new RangeError(`Unknown trigger tags: ${bad.join(', ')}`);
  if (!['16:9', '9:16', '1:1'].includes(inputs.aspectRatio))
    throw new RangeError(`Unknown aspect ratio: ${String(inputs.aspectRatio)}`);
  if (!Number.isFinite(inputs.durationS) || inputs.durationS <= 0)
    throw new RangeError(`Duration must be a positive number of seconds (got ${inputs.durationS})`);
  if (!Number.isFinite(maxSeconds) || maxSeconds <= 0)
    throw new RangeError(`maxSeconds must be a positive number (got ${maxSeconds})`);
  if (!Number.isInteger(inputs.seed) || inputs.seed < 0)
    throw new RangeError(`Seed must be a non-negative integer (got ${inputs.seed})`);
}

/** A stable key for the normalized inputs (and the renderer version): identical inputs share one asset. */
export function renderKeyFor(inputs: RenderInputs): string {
  const n = normalize(inputs);
  const text = JSON.stringify([RENDERER_VERSION, n.triggers, n.aspectRatio, n.durationS, n.seed]);
  return `r${RENDERER_VERSION}-${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
}

export async function checkFfmpeg(): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
  try {
    const out = await runFfmpeg(['-hide_banner', '-version'], { timeoutMs: 15_000 });
    const version = /^ffmpeg version (\S+)/.exec(out)?.[1] ?? out.split('\n')[0]?.trim() ?? 'unknown';
    const encoders = await runFfmpeg(['-hide_banner', '-encoders'], { timeoutMs: 15_000 });
    const missing = ['libx264', 'aac', 'mjpeg'].filter((e) => !new RegExp(`\\s${e}\\s`).test(encoders));
    if (missing.length > 0)
      return {
        ok: false,
        message: `ffmpeg ${version} lacks the encoders ${missing.join(', ')} needed to render media`,
      };
    return { ok: true, version };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

const even = (x: number) => Math.max(2, Math.round(x / 2) * 2);

/** Width and height for a short side (SD/HD/4K) in the aspect ratio. */
function sizeForShortSide(aspect: RenderInputs['aspectRatio'], short: number): [number, number] {
  if (aspect === '1:1') return [short, short];
  const long = even((short * 16) / 9);
  return aspect === '16:9' ? [long, short] : [short, long];
}

function sizeForLongSide(aspect: RenderInputs['aspectRatio'], long: number): [number, number] {
  if (aspect === '1:1') return [long, long];
  const short = even((long * 9) / 16);
  return aspect === '16:9' ? [long, short] : [short, long];
}

function sizeForWidth(aspect: RenderInputs['aspectRatio'], width: number): [number, number] {
  if (aspect === '1:1') return [width, width];
  return aspect === '16:9' ? [width, even((width * 9) / 16)] : [width, even((width * 16) / 9)];
}

/** Deterministic numbers in [0, 1) taken from the render key, so each input set looks and sounds its own. */
function variations(key: string, count: number): number[] {
  const digest = createHash('sha256').update(key).digest();
  return Array.from({ length: count }, (_, i) => digest.readUInt16BE((i * 2) % 30) / 65536);
}

/**
 * How a trigger looks: hues (degrees) its colours are drawn from, and what moves. Water-like triggers
 * are blues under moving grain, fire is warm and flickers, percussive ones pulse; the first trigger in
 * vocabulary order decides. Triggers without a look keep the free palette and its turning hue.
 */
interface Look {
  hues: [number, number];
  motion: (p: { seed: number; v: number }) => string;
}
// Grain on the brightness only (on the colour planes it turns everything green).
const GRAIN: Look['motion'] = ({ seed }) => `noise=c0s=22:c0f=t+u:all_seed=${seed % 2 ** 31}`;
const FLICKER: Look['motion'] = ({ v }) =>
  `eq=brightness='0.05*sin(2*PI*${(7 + 4 * v).toFixed(2)}*t)+0.03*sin(2*PI*${(13 + 5 * v).toFixed(2)}*t)':eval=frame`;
const PULSE: Look['motion'] = ({ v }) =>
  `eq=brightness='0.16*exp(-9*mod(t,${(0.3 + 0.3 * v).toFixed(3)}))-0.05':eval=frame`;
const LOOKS: Partial<Record<TriggerTag, Look>> = {
  Water: { hues: [185, 225], motion: GRAIN },
  Rain: { hues: [200, 240], motion: GRAIN },
  Soap: { hues: [170, 210], motion: GRAIN },
  Slime: { hues: [90, 160], motion: GRAIN },
  Fire: { hues: [0, 40], motion: FLICKER },
  Tapping: { hues: [260, 320], motion: PULSE },
  Typing: { hues: [200, 260], motion: PULSE },
  Wood: { hues: [20, 45], motion: PULSE },
  Glass: { hues: [160, 200], motion: PULSE },
  Cutting: { hues: [80, 130], motion: PULSE },
};

export function lookFor(triggers: readonly TriggerTag[]): Look | null {
  for (const t of triggers) {
    const look = LOOKS[t];
    if (look) return look;
  }
  return null;
}

function colourFrom(v: number, w: number): string {
  // Soft, saturated hues: HSV with s≈0.55, v≈0.55..0.85, converted to RGB hex.
  const h = v * 6;
  const s = 0.55;
  const val = 0.55 + 0.3 * w;
  const c = val * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = val - c;
  const [r, g, b] =
    h < 1
      ? [c, x, 0]
      : h < 2
        ? [x, c, 0]
        : h < 3
          ? [0, c, x]
          : h < 4
            ? [0, x, c]
            : h < 5
              ? [x, 0, c]
              : [c, 0, x];
  const hex = (n: number) =>
    Math.round((n + m) * 255)
      .toString(16)
      .padStart(2, '0');
  return `0x${hex(r)}${hex(g)}${hex(b)}`;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  // Large reads: fewer event-loop turns per file (the seed hashes while its main thread is busy).
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk);
  return hash.digest('hex');
}

function mimeOf(kind: RenderedKind): string {
  return kind === 'thumbnail' ? 'image/jpeg' : 'video/mp4';
}

/**
 * Renders one asset into `outDir` (which must exist): SD/HD/4K H.264+AAC MP4 with the moov atom first, a
 * muted low-resolution preview loop and a JPEG thumbnail at least 1920 px wide. ffmpeg writes to
 * hidden `.part` names that are renamed only after every output succeeded, so a crash never leaves a
 * half-written file under a final name. Duration is min(durationS, maxSeconds). Aborting `signal`
 * kills the running ffmpeg and rejects with RenderAbortedError, leaving no file behind.
 */
export async function renderAsset(
  inputs: RenderInputs,
  outDir: string,
  opts: { maxSeconds: number; niceness?: number; signal?: AbortSignal },
): Promise<RenderedFile[]> {
  validate(inputs, opts.maxSeconds);
  const n = normalize(inputs);
  const key = renderKeyFor(n);
  const v = variations(key, 12);
  const d = Math.round(Math.min(n.durationS, opts.maxSeconds) * 1000) / 1000;
  // Encoding 4K dominates the cost, so the picture is encoded once as a loop of at most LOOP_SECONDS
  // and then repeated by stream copy under the full-length sound: a 12 s clip costs about what a 4 s one
  // does. The hue turns a whole circle per loop, so colours meet at the seam.
  const loopS = Math.min(d, LOOP_SECONDS);
  const previewS = Math.min(loopS, PREVIEW_SECONDS);
  const aspect = n.aspectRatio;

  const [srcW, srcH] = sizeForLongSide(aspect, 640);
  const look = lookFor(n.triggers);
  // A look keeps its colours within its hues (colourFrom takes the hue as a turn, 0..1).
  const hueOf = (x: number) => (look ? (look.hues[0] + (look.hues[1] - look.hues[0]) * x) / 360 : x);
  const colours = Array.from({ length: 4 }, (_, i) => colourFrom(hueOf(v[i] ?? 0), v[i + 4] ?? 0));
  const gradients =
    `gradients=s=${srcW}x${srcH}:r=${FPS}:d=${loopS}:n=4:seed=${n.seed % 2 ** 32}:speed=${(0.005 + 0.01 * (v[8] ?? 0)).toFixed(4)}:` +
    // The gradient line spans the frame corner to corner (which corners depends on the key), so the
    // whole picture moves instead of a flat field with a band at the edge.
    `x0=${Math.round(srcW * 0.2 * (v[10] ?? 0))}:y0=0:x1=${srcW - 1}:y1=${srcH - 1}:` +
    colours.map((c, i) => `c${i}=${c}`).join(':');
  const sizes = {
    sd: sizeForShortSide(aspect, QUALITY_SHORT_SIDE.sd),
    hd: sizeForShortSide(aspect, QUALITY_SHORT_SIDE.hd),
    '4k': sizeForShortSide(aspect, QUALITY_SHORT_SIDE['4k']),
    preview: sizeForLongSide(aspect, PREVIEW_LONG_SIDE),
    thumbnail: sizeForWidth(aspect, THUMBNAIL_WIDTH),
  } satisfies Record<RenderedKind, [number, number]>;
  const thumbFrame = Math.floor((loopS * FPS) / 2);
  const hueTurn = (360 / loopS).toFixed(4);

  const picture =
    `${gradients},${
      look
        ? // A hue that sways and comes back at the loop's seam, then the look's own motion.
          `hue=h=10*sin(2*PI*t/${loopS}),format=yuv420p,${look.motion({ seed: n.seed, v: v[11] ?? 0 })}`
        : `hue=h=${Math.round(360 * (v[9] ?? 0))}+${hueTurn}*t,format=yuv420p`
    },split=5[vsd][vhd][v4k][vpv][vth];` +
    `[vsd]scale=${sizes.sd[0]}:${sizes.sd[1]}[osd];` +
    `[vhd]scale=${sizes.hd[0]}:${sizes.hd[1]}[ohd];` +
    `[v4k]scale=${sizes['4k'][0]}:${sizes['4k'][1]}[o4k];` +
    `[vpv]trim=duration=${previewS},setpts=PTS-STARTPTS,fps=${PREVIEW_FPS},scale=${sizes.preview[0]}:${sizes.preview[1]}[opv];` +
    `[vth]trim=start_frame=${thumbFrame}:end_frame=${thumbFrame + 1},scale=${sizes.thumbnail[0]}:${sizes.thumbnail[1]}:flags=bicubic[oth]`;
  const sound = soundGraph(n.triggers, { seed: n.seed, variation: v.slice(10), durationS: d }, 3);

  const part = (kind: RenderedKind) => join(outDir, `.${FILE_NAMES[kind]}.part`);
  const loopPart = (kind: Quality) => join(outDir, `.loop-${FILE_NAMES[kind]}.part`);
  const x264 = (bitrate: string, gop: number) => [
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-b:v',
    bitrate,
    '-g',
    String(gop),
  ];
  const loopOut = (kind: Quality) => [
    '-map',
    `[o${kind}]`,
    ...x264(VIDEO_BITRATE[kind], FPS * 2),
    '-f',
    'mp4',
    loopPart(kind),
  ];
  const pictureArgs = [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-filter_complex', picture],
    ...loopOut('sd'),
    ...loopOut('hd'),
    ...loopOut('4k'),
    ...[
      '-map',
      '[opv]',
      '-an',
      ...x264('400k', PREVIEW_FPS),
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      part('preview'),
    ],
    ...['-map', '[oth]', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '3', '-f', 'image2', part('thumbnail')],
  ];
  const qualities: Quality[] = ['sd', 'hd', '4k'];
  const muxArgs = [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
    ...qualities.flatMap((q) => ['-stream_loop', '-1', '-i', loopPart(q)]),
    ...['-filter_complex', sound],
    ...qualities.flatMap((q, i) => [
      ...['-map', `${i}:v`, '-map', `[a${i}]`, '-c:v', 'copy', '-c:a', 'aac', '-b:a', AUDIO_BITRATE[q]],
      ...['-t', String(d), '-movflags', '+faststart', '-f', 'mp4', part(q)],
    ]),
  ];

  const kinds: RenderedKind[] = ['thumbnail', 'preview', 'sd', 'hd', '4k'];
  try {
    // Generous bounds: an idle 2-core machine encodes about one second of every output per second.
    const { niceness, signal } = opts;
    await runFfmpeg(pictureArgs, { timeoutMs: 180_000 + loopS * 30_000, niceness, signal });
    await runFfmpeg(muxArgs, { timeoutMs: 60_000 + d * 5_000, niceness, signal });
    const files: RenderedFile[] = [];
    for (const kind of kinds) {
      const tmp = part(kind);
      const { size } = await stat(tmp);
      if (size === 0) throw new FfmpegError(`ffmpeg wrote an empty ${kind} file`);
      const sha256 = await hashFile(tmp);
      const [width, height] = sizes[kind];
      files.push({
        kind,
        file: FILE_NAMES[kind],
        mime: mimeOf(kind),
        bytes: size,
        sha256,
        etag: `"${sha256}"`,
        width,
        height,
      });
    }
    if (signal?.aborted) throw new RenderAbortedError();
    for (const kind of kinds) await rename(part(kind), join(outDir, FILE_NAMES[kind]));
    return files;
  } catch (err) {
    await Promise.all(kinds.map((kind) => rm(part(kind), { force: true })));
    throw err;
  } finally {
    await Promise.all(qualities.map((q) => rm(loopPart(q), { force: true })));
  }
}
