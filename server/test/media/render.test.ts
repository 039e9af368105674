import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkFfmpeg,
  renderAsset,
  renderKeyFor,
  type RenderInputs,
  type RenderedFile,
} from '../../src/media/render';

const run = promisify(execFile);

interface Probe {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
  format: { duration?: string; format_name: string };
}

async function probe(path: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_streams',
    '-show_format',
    '-of',
    'json',
    path,
  ]);
  return JSON.parse(stdout) as Probe;
}

/** The types of an MP4's top-level boxes, in file order. */
async function topLevelBoxes(path: string): Promise<string[]> {
  const data = await readFile(path);
  const types: string[] = [];
  for (let at = 0; at + 8 <= data.length;) {
    let size = data.readUInt32BE(at);
    types.push(data.toString('latin1', at + 4, at + 8));
    if (size === 1) size = Number(data.readBigUInt64BE(at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderKeyFor', () => {
  const base: RenderInputs = { triggers: ['Rain', 'Tapping'], aspectRatio: '16:9', durationS: 10, seed: 5 };
  it('is stable for the same inputs in any tag order, and differs when any input differs', () => {
    expect(renderKeyFor(base)).toBe(renderKeyFor({ ...base, triggers: ['Tapping', 'Rain', 'Rain'] }));
    const variants: RenderInputs[] = [
      { ...base, triggers: ['Rain'] },
      { ...base, aspectRatio: '1:1' },
      { ...base, durationS: 11 },
      { ...base, seed: 6 },
    ];
    const keys = new Set([renderKeyFor(base), ...variants.map(renderKeyFor)]);
    expect(keys.size).toBe(5);
    expect(renderKeyFor(base)).toMatch(/^r\d+-[0-9a-f]{40}$/);
  });
});

describe('checkFfmpeg', () => {
  it('reports the installed version', async () => {
    const result = await checkFfmpeg();
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.version.length).toBeGreaterThan(0);
  });

  it('says clearly when ffmpeg is missing', async () => {
    const saved = process.env.AIASMR_FFMPEG;
    process.env.AIASMR_FFMPEG = join(dir, 'no-such-ffmpeg');
    try {
      const result = await checkFfmpeg();
      expect(result).toEqual({
        ok: false,
        message: expect.stringMatching(/ffmpeg was not found.*Install it/),
      });
    } finally {
      if (saved === undefined) delete process.env.AIASMR_FFMPEG;
      else process.env.AIASMR_FFMPEG = saved;
    }
  });
});

describe('renderAsset', () => {
  const expectPlayable = async (outDir: string, files: RenderedFile[], seconds: number) => {
    const byKind = new Map(files.map((f) => [f.kind, f]));
    expect([...byKind.keys()].sort()).toEqual(['4k', 'hd', 'preview', 'sd', 'thumbnail']);
    for (const f of files) {
      const info = await stat(join(outDir, f.file));
      expect(info.size).toBe(f.bytes);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.etag).toBe(`"${f.sha256}"`);
    }
    for (const kind of ['sd', 'hd', '4k'] as const) {
      const f = byKind.get(kind);
      if (!f) throw new Error(`no ${kind}`);
      const p = await probe(join(outDir, f.file));
      const video = p.streams.find((s) => s.codec_type === 'video');
      const audio = p.streams.find((s) => s.codec_type === 'audio');
      expect(video).toMatchObject({ codec_name: 'h264', width: f.width, height: f.height });
      expect(audio).toMatchObject({ codec_name: 'aac' });
      expect(Number(p.format.duration)).toBeCloseTo(seconds, 0);
      expect(f.mime).toBe('video/mp4');
    }
    const preview = byKind.get('preview');
    if (!preview) throw new Error('no preview');
    const pv = await probe(join(outDir, preview.file));
    expect(pv.streams.map((s) => s.codec_type)).toEqual(['video']);
    expect(Math.max(preview.width, preview.height)).toBe(480);
    expect(Number(pv.format.duration)).toBeLessThanOrEqual(3.1);
    const thumb = byKind.get('thumbnail');
    if (!thumb) throw new Error('no thumbnail');
    const tp = await probe(join(outDir, thumb.file));
    expect(tp.streams[0]).toMatchObject({ codec_name: 'mjpeg', width: thumb.width, height: thumb.height });
    expect(thumb.width).toBeGreaterThanOrEqual(1920);
    expect(thumb.mime).toBe('image/jpeg');
    expect((await readdir(outDir)).filter((n) => n.endsWith('.part'))).toEqual([]);
    return byKind;
  };

  it('renders playable landscape files capped at maxSeconds, with sound, moov first', async () => {
    const out = join(dir, 'landscape');
    await mkdir(out);
    // 5 s is longer than the encoded picture loop, so this also covers the stream-copied repeat.
    const files = await renderAsset(
      { triggers: ['Rain', 'Tapping', 'Whisper'], aspectRatio: '16:9', durationS: 30, seed: 1 },
      out,
      { maxSeconds: 5 },
    );
    const byKind = await expectPlayable(out, files, 5);
    for (const kind of ['sd', 'hd', '4k', 'preview'] as const) {
      const boxes = await topLevelBoxes(join(out, byKind.get(kind)?.file ?? ''));
      expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
      expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    }
    await run('ffmpeg', [
      '-v',
      'error',
      '-xerror',
      '-i',
      join(out, byKind.get('4k')?.file ?? ''),
      '-f',
      'null',
      '-',
    ]);
    expect(byKind.get('sd')).toMatchObject({ width: 854, height: 480 });
    expect(byKind.get('hd')).toMatchObject({ width: 1920, height: 1080 });
    expect(byKind.get('4k')).toMatchObject({ width: 3840, height: 2160 });
    expect(byKind.get('thumbnail')).toMatchObject({ width: 1920, height: 1080 });
  });

  it('honours a portrait aspect ratio and renders tag-less inputs', async () => {
    const out = join(dir, 'portrait');
    await mkdir(out);
    const files = await renderAsset({ triggers: [], aspectRatio: '9:16', durationS: 2, seed: 2 }, out, {
      maxSeconds: 10,
    });
    const byKind = await expectPlayable(out, files, 2);
    expect(byKind.get('hd')).toMatchObject({ width: 1080, height: 1920 });
    expect(byKind.get('preview')).toMatchObject({ width: 270, height: 480 });
    expect(byKind.get('thumbnail')?.width).toBe(1920);
  });

  it('makes different pictures for different seeds', async () => {
    const a = join(dir, 'seed-a');
    const b = join(dir, 'seed-b');
    await Promise.all([mkdir(a), mkdir(b)]);
    const inputs: RenderInputs = { triggers: ['Glass'], aspectRatio: '1:1', durationS: 1, seed: 10 };
    const [fa, fb] = await Promise.all([
      renderAsset(inputs, a, { maxSeconds: 1 }),
      renderAsset({ ...inputs, seed: 11 }, b, { maxSeconds: 1 }),
    ]);
    const thumbA = fa.find((f) => f.kind === 'thumbnail');
    const thumbB = fb.find((f) => f.kind === 'thumbnail');
    expect(thumbA?.sha256).not.toBe(thumbB?.sha256);
    expect(thumbA).toMatchObject({ width: 1920, height: 1920 });
  });

  // Issue 13: the renders all looked alike; each trigger now has its own look (water in blues under
  // moving grain, fire warm and flickering, tapping pulsing).
  it('gives water blue pictures and fire warm ones', async () => {
    const meanRgb = async (path: string) => {
      const { stdout } = await run(
        'ffmpeg',
        [
          '-v',
          'error',
          '-i',
          path,
          '-vf',
          'scale=1:1:flags=area',
          '-f',
          'rawvideo',
          '-pix_fmt',
          'rgb24',
          '-',
        ],
        { encoding: 'buffer' },
      );
      return { r: stdout[0] ?? 0, g: stdout[1] ?? 0, b: stdout[2] ?? 0 };
    };
    const render = async (name: string, triggers: RenderInputs['triggers']) => {
      const out = join(dir, name);
      await mkdir(out);
      await renderAsset({ triggers, aspectRatio: '16:9', durationS: 1, seed: 3 }, out, { maxSeconds: 1 });
      return meanRgb(join(out, 'thumbnail.jpg'));
    };
    const [water, fire] = await Promise.all([render('look-water', ['Water']), render('look-fire', ['Fire'])]);
    expect(water.b).toBeGreaterThan(water.r + 20);
    expect(fire.r).toBeGreaterThan(fire.b + 20);
  });

  it('rejects bad inputs before running ffmpeg', async () => {
    const inputs: RenderInputs = { triggers: ['Rain'], aspectRatio: '16:9', durationS: 5, seed: 1 };
    await expect(renderAsset({ ...inputs, durationS: 0 }, dir, { maxSeconds: 2 })).rejects.toThrow(
      /Duration/,
    );
    await expect(renderAsset(inputs, dir, { maxSeconds: -1 })).rejects.toThrow(/maxSeconds/);
    await expect(renderAsset({ ...inputs, seed: 1.5 }, dir, { maxSeconds: 2 })).rejects.toThrow(/Seed/);
  });

  it('removes its partial files and explains when ffmpeg fails', async () => {
    const out = join(dir, 'failing');
    await mkdir(out);
    const fake = join(dir, 'fake-ffmpeg.sh');
    // Writes something to every output, as a render that dies half way would, then fails.
    await writeFile(
      fake,
      '#!/bin/sh\nfor a in "$@"; do case "$a" in *.part) echo junk > "$a";; esac; done\necho "boom: encoder crashed" >&2\nexit 1\n',
    );
    await chmod(fake, 0o755);
    const saved = process.env.AIASMR_FFMPEG;
    process.env.AIASMR_FFMPEG = fake;
    try {
      await expect(
        renderAsset({ triggers: ['Rain'], aspectRatio: '16:9', durationS: 2, seed: 3 }, out, {
          maxSeconds: 2,
        }),
      ).rejects.toThrow(/ffmpeg failed \(exit code 1\): boom: encoder crashed/);
    } finally {
      if (saved === undefined) delete process.env.AIASMR_FFMPEG;
      else process.env.AIASMR_FFMPEG = saved;
    }
    expect(await readdir(out)).toEqual([]);
  });
});
