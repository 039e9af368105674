import type { TriggerTag } from '../../../src/shared/api/vocabulary';

// The picture part of a render: one lavfi source shaped so that it looks roughly like its trigger
// (moving blue noise for water, vertical streaks for rain, a warm flicker for fire, pulses for
// tapping, cellular rows for typing …). The render is deterministic: every random source takes its
// seed from the inputs, and `v` (0..1, from the render key) varies speed and colour a little. Sources
// are made at the render's small source size; scaling to SD/HD/4K happens afterwards.

export interface PictureParams {
  /** Source size; every quality is scaled from it. */
  w: number;
  h: number;
  fps: number;
  /** Length of the picture loop in seconds. */
  d: number;
  seed: number;
  /** Deterministic numbers in [0, 1) from the render key. */
  v: readonly number[];
}

type Rgb = readonly [number, number, number];
type PictureRecipe = (p: PictureParams) => string;

const fixed = (x: number) => x.toFixed(4);
const even = (x: number) => Math.max(2, Math.round(x / 2) * 2);
const at = (p: PictureParams, i: number) => p.v[i % p.v.length] ?? 0.5;
const hex = ([r, g, b]: Rgb) => `0x${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

// Noise on the luma plane only: the picture stays grey until tint() colours it.

/**
 * A picture that changes in every frame costs the encoder about twice what a smooth one does at 4K,
 * and a repeated frame costs almost nothing. So boiling textures change 8 times a second (a natural
 * flicker rate) and each picture is held for the frames between: recipes end with `toFps`.
 */
const BOIL_RATE = 8;
const toFps = (p: PictureParams) => `fps=${p.fps}`;

/**
 * A grey field of random noise, new `BOIL_RATE` times a second (boiling, flickering textures). It is
 * made and blurred at 1/`shrink` of the source size (the blur is in those pixels): a blurred field
 * looks the same scaled up and costs a fraction to make.
 */
const boilingNoise = (p: PictureParams, blur: string, shrink: number) =>
  `color=c=gray:s=${even(p.w / shrink)}x${even(p.h / shrink)}:r=${BOIL_RATE}:d=${p.d},format=yuv420p,` +
  `noise=c0s=100:c0f=t:c0_seed=${p.seed % 2 ** 31},${blur},scale=${p.w}:${p.h}`;

/**
 * One frame of grey noise, held and scrolled so the texture itself moves, then blurred. Blurring after
 * the scroll keeps the wrap-around invisible: raw noise has no edge, a blurred frame's edges do.
 */
const driftingNoise = (p: PictureParams, scroll: string, blur: string) =>
  `color=c=gray:s=${p.w}x${p.h}:r=${p.fps}:d=${fixed(1 / p.fps)},format=yuv420p,` +
  `noise=c0s=100:c0_seed=${p.seed % 2 ** 31},loop=loop=-1:size=1,trim=duration=${p.d},scroll=${scroll},${blur}`;

/**
 * Maps grey to a palette from `dark` to `light`. `gain` stretches the contrast around mid-grey first
 * (blurred noise stays close to it); the seed's `v` shifts the palette a little.
 */
function tint(p: PictureParams, dark: Rgb, light: Rgb, gain: number): string {
  const shift = Math.round((at(p, 3) - 0.5) * 30);
  const channel = (name: 'r' | 'g' | 'b', i: 0 | 1 | 2) => {
    const lo = Math.max(0, Math.min(255, dark[i] + (i === 2 ? shift : 0)));
    const hi = Math.max(0, Math.min(255, light[i] + (i === 0 ? shift : 0)));
    return `${name}='${lo}+${hi - lo}*clip((val-128)*${gain.toFixed(2)}/255+0.5,0,1)'`;
  };
  return `format=rgb24,lutrgb=${channel('r', 0)}:${channel('g', 1)}:${channel('b', 2)}`;
}

/** Soft moving gradients in the given colours, brightened in pulses of `period` seconds when given. */
function gradientField(p: PictureParams, colours: readonly Rgb[], speed: number, period?: number): string {
  const source =
    `gradients=s=${p.w}x${p.h}:r=${p.fps}:d=${p.d}:n=${colours.length}:seed=${p.seed % 2 ** 32}:` +
    `speed=${fixed(speed)}:x0=${Math.round(p.w * 0.2 * at(p, 1))}:y0=0:x1=${p.w - 1}:y1=${p.h - 1}:` +
    colours.map((c, i) => `c${i}=${hex(c)}`).join(':');
  if (period === undefined) return source;
  // A bright flash at each beat that decays fast, like the tap the sound plays.
  return `${source},eq=brightness='0.28*exp(-9*mod(t,${fixed(period)}))-0.08':eval=frame`;
}

const RECIPES: Record<TriggerTag, PictureRecipe> = {
  Water: (p) =>
    `${driftingNoise(p, `h=${fixed(0.002 + 0.003 * at(p, 0))}:v=${fixed(0.0015)}`, 'gblur=sigma=7')},` +
    tint(p, [10, 45, 110], [120, 200, 255], 9),
  // Streaks falling (a negative vertical scroll moves the picture down).
  Rain: (p) =>
    `${driftingNoise(p, `v=${fixed(-0.03 - 0.02 * at(p, 0))}`, 'avgblur=sizeX=1:sizeY=16')},` +
    tint(p, [20, 30, 50], [150, 175, 215], 7),
  // The flicker comes after the tint: before it, the contrast stretch would blow it up.
  Fire: (p) =>
    `${boilingNoise(p, 'gblur=sigma=2.5', 4)},${tint(p, [90, 10, 0], [255, 190, 60], 12)},` +
    `eq=brightness='0.05*sin(2*PI*${fixed(0.7 + 0.5 * at(p, 0))}*t)':eval=frame,${toFps(p)}`,
  Whisper: (p) =>
    `${gradientField(
      p,
      [
        [190, 170, 215],
        [235, 215, 225],
        [160, 175, 210],
        [215, 200, 235],
      ],
      0.004,
    )},format=yuv420p,gblur=sigma=6`,
  Tapping: (p) =>
    gradientField(
      p,
      [
        [70, 90, 150],
        [30, 40, 70],
        [140, 150, 200],
      ],
      0.01,
      0.3 + 0.2 * at(p, 0),
    ),
  Crinkle: (p) =>
    `${boilingNoise(p, 'gblur=sigma=0.6', 2)},${tint(p, [90, 90, 100], [250, 250, 255], 6)},${toFps(p)}`,
  Brushing: (p) =>
    `${driftingNoise(p, `h=${fixed(0.006 + 0.006 * at(p, 0))}`, 'avgblur=sizeX=28:sizeY=1')},` +
    tint(p, [90, 60, 40], [235, 200, 160], 12),
  Cutting: (p) =>
    gradientField(
      p,
      [
        [60, 140, 60],
        [230, 120, 40],
        [240, 230, 200],
      ],
      0.008,
      0.5 + 0.4 * at(p, 0),
    ),
  Typing: (p) =>
    `cellauto=s=${Math.round(p.w / 8)}x${Math.round(p.h / 8)}:r=${p.fps}:rule=110:seed=${p.seed % 2 ** 31}:` +
    `random_fill_ratio=0.5,trim=duration=${p.d},scale=${p.w}:${p.h}:flags=neighbor,format=gray,` +
    tint(p, [20, 22, 30], [240, 190, 100], 1),
  Scratching: (p) =>
    `${boilingNoise(p, 'avgblur=sizeX=5:sizeY=1', 2)},${tint(p, [50, 40, 35], [210, 190, 170], 8)},${toFps(p)}`,
  Soap: (p) =>
    `${driftingNoise(p, `v=${fixed(0.003 + 0.003 * at(p, 0))}`, 'gblur=sigma=10')},` +
    tint(p, [200, 150, 190], [255, 250, 255], 12),
  Slime: (p) =>
    `${boilingNoise(p, 'gblur=sigma=4', 4)},${tint(p, [10, 90, 30], [190, 255, 80], 16)},${toFps(p)}`,
  Sand: (p) =>
    `life=s=${Math.round(p.w / 2)}x${Math.round(p.h / 2)}:r=${p.fps}:seed=${p.seed % 2 ** 31}:ratio=0.4:mold=10:` +
    `life_color=0xE8D4A0:death_color=0x8A6A3A:mold_color=0xB89860,trim=duration=${p.d},` +
    `scale=${p.w}:${p.h}:flags=neighbor`,
  Pages: (p) =>
    gradientField(
      p,
      [
        [245, 235, 210],
        [215, 200, 170],
        [250, 248, 240],
      ],
      0.006,
      1.3 + 0.8 * at(p, 0),
    ),
  Wood: (p) =>
    `${driftingNoise(p, `h=${fixed(0.001 + 0.002 * at(p, 0))}`, 'avgblur=sizeX=60:sizeY=1')},` +
    tint(p, [70, 35, 15], [200, 140, 80], 14),
  Glass: (p) =>
    gradientField(
      p,
      [
        [150, 230, 240],
        [20, 60, 90],
        [230, 250, 255],
        [60, 150, 190],
      ],
      0.02,
      0.9 + 0.6 * at(p, 0),
    ),
};

/** Which trigger sets a video's look when it has several: the most visible first. */
const LOOK_ORDER: readonly TriggerTag[] = [
  'Fire',
  'Water',
  'Rain',
  'Sand',
  'Slime',
  'Soap',
  'Typing',
  'Glass',
  'Wood',
  'Pages',
  'Brushing',
  'Crinkle',
  'Scratching',
  'Cutting',
  'Tapping',
  'Whisper',
];

/** The filter chain that makes the picture loop for these triggers (soft gradients for none). */
export function pictureChain(triggers: readonly TriggerTag[], p: PictureParams): string {
  const look = LOOK_ORDER.find((t) => triggers.includes(t));
  if (!look)
    return gradientField(
      p,
      [
        [120, 130, 150],
        [80, 90, 110],
        [150, 140, 160],
      ],
      0.005,
    );
  return RECIPES[look](p);
}
