import type { TriggerTag } from '../../../src/shared/api/vocabulary';

// Each trigger tag becomes one mono source made of ffmpeg's noise and expression generators, shaped so
// that it sounds roughly like the trigger (filtered noise for water and rain, pulses for tapping, a
// band-passed tremolo for whispers, sparse clicks for crinkles …). `v` (0..1) comes from the render key,
// so different inputs get different rhythms and timbres. Expressions are single-quoted because they
// contain commas, which the filtergraph parser would otherwise take as filter separators.

/** `label` is unique to the recipe's place in the graph, for recipes that mix several sources. */
type SoundRecipe = (p: { seed: number; v: number; d: number; label: string }) => string;

const noise = (color: string, amp: number, seed: number, d: number) =>
  `anoisesrc=c=${color}:a=${amp}:seed=${seed}:d=${d}:r=44100`;
const expr = (e: string, d: number) => `aevalsrc='${e}':s=44100:d=${d}`;
const fixed = (x: number) => x.toFixed(3);

const RECIPES: Record<TriggerTag, SoundRecipe> = {
  Water: ({ seed, v, d }) =>
    `${noise('brown', 0.5, seed, d)},lowpass=f=${Math.round(700 + 600 * v)},tremolo=f=${fixed(0.4 + v)}:d=0.5`,
  Rain: ({ seed, v, d }) =>
    `${noise('pink', 0.35, seed, d)},highpass=f=${Math.round(300 + 300 * v)},lowpass=f=6500`,
  Whisper: ({ seed, v, d }) =>
    `${noise('white', 0.3, seed, d)},bandpass=f=${Math.round(2000 + 1200 * v)}:width_type=h:w=1800,tremolo=f=${fixed(3.5 + 2 * v)}:d=0.85`,
  Tapping: ({ v, d }) =>
    `${expr(`(random(0)*2-1)*exp(-70*mod(t,${fixed(0.16 + 0.14 * v)}))`, d)},highpass=f=700`,
  Crinkle: ({ seed, v, d }) =>
    `${noise('velvet', 0.6, seed, d)},highpass=f=${Math.round(1800 + 1500 * v)},tremolo=f=${fixed(6 + 6 * v)}:d=0.9`,
  Brushing: ({ seed, v, d }) =>
    `${noise('pink', 0.35, seed, d)},bandpass=f=3000:width_type=h:w=3000,tremolo=f=${fixed(1.5 + v)}:d=0.9`,
  Cutting: ({ v, d }) =>
    `${expr(`(random(0)*2-1)*exp(-20*mod(t,${fixed(0.5 + 0.4 * v)}))*lt(mod(t,${fixed(0.5 + 0.4 * v)}),0.15)`, d)},bandpass=f=4200:width_type=h:w=2500`,
  Typing: ({ v, d }) =>
    `${expr(`(random(0)*2-1)*exp(-150*mod(t,${fixed(0.09 + 0.05 * v)}+0.02*sin(7*t)))`, d)},highpass=f=1500`,
  Scratching: ({ seed, v, d }) =>
    `${noise('blue', 0.3, seed, d)},highpass=f=2500,tremolo=f=${fixed(6 + 4 * v)}:d=0.8`,
  Soap: ({ seed, v, d }) => `${noise('pink', 0.4, seed, d)},lowpass=f=1400,tremolo=f=${fixed(0.8 + v)}:d=0.6`,
  Slime: ({ seed, v, d }) =>
    `${noise('brown', 0.6, seed, d)},lowpass=f=550,tremolo=f=${fixed(2 + 2 * v)}:d=0.95`,
  Sand: ({ seed, v, d }) =>
    `${noise('white', 0.15, seed, d)},highpass=f=4500,tremolo=f=${fixed(0.6 + v)}:d=0.4`,
  Pages: ({ v, d }) => {
    const period = fixed(1.3 + 0.8 * v);
    return `${expr(`(random(0)*2-1)*lt(mod(t,${period}),0.35)*sin(PI*mod(t,${period})/0.35)`, d)},bandpass=f=2500:width_type=h:w=3000`;
  },
  Wood: ({ v, d }) =>
    `${expr(`sin(2*PI*${Math.round(150 + 90 * v)}*t)*exp(-35*mod(t,${fixed(0.4 + 0.3 * v)}))`, d)}`,
  Glass: ({ v, d }) => {
    const period = fixed(0.9 + 0.6 * v);
    const f = Math.round(2000 + 800 * v);
    return expr(
      `0.5*sin(2*PI*${f}*t)*exp(-6*mod(t,${period}))+0.3*sin(2*PI*${Math.round(f * 1.5)}*t)*exp(-9*mod(t,${period}))`,
      d,
    );
  },
  // A low roar with sparse single-sample cracks on top (about 30 a second, each of random strength).
  Fire: ({ seed, v, d, label }) =>
    `${noise('brown', 0.5, seed, d)},lowpass=f=${Math.round(400 + 200 * v)},tremolo=f=${fixed(8 + 4 * v)}:d=0.7[${label}roar];` +
    `${expr(`(random(0)*2-1)*gt(random(1),${fixed(0.9992 + 0.0004 * v)})`, d)},highpass=f=1200[${label}crack];` +
    `[${label}roar][${label}crack]amix=inputs=2:duration=longest`,
};

/** A quiet room tone for videos without trigger tags. */
const ROOM_TONE: SoundRecipe = ({ seed, d }) => `${noise('pink', 0.12, seed, d)},lowpass=f=2000`;

/**
 * The audio part of the filtergraph: one source per trigger, mixed to stereo, faded in and out, split
 * into `outputs` labelled streams `[a0]`, `[a1]` ….
 */
export function soundGraph(
  triggers: readonly TriggerTag[],
  params: { seed: number; variation: readonly number[]; durationS: number },
  outputs: number,
): string {
  const recipes = triggers.length > 0 ? triggers.map((t) => RECIPES[t]) : [ROOM_TONE];
  const d = params.durationS;
  const parts = recipes.map((recipe, i) => {
    const v = params.variation[i % params.variation.length] ?? 0.5;
    const chain = recipe({ seed: (params.seed + i * 7919) % 2 ** 31, v, d, label: `s${i}` });
    return `${chain},aformat=sample_fmts=fltp:sample_rates=44100:channel_layouts=mono[s${i}]`;
  });
  const inputs = recipes.map((_, i) => `[s${i}]`).join('');
  const fadeOut = Math.max(0, d - 0.5).toFixed(3);
  const mixed =
    `${inputs}amix=inputs=${recipes.length}:duration=longest:dropout_transition=0,` +
    `atrim=duration=${d},aformat=channel_layouts=stereo,afade=t=in:d=0.3,afade=t=out:st=${fadeOut}:d=0.5,` +
    `alimiter=limit=0.9,asplit=${outputs}${Array.from({ length: outputs }, (_, i) => `[a${i}]`).join('')}`;
  return [...parts, mixed].join(';');
}
