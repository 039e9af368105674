import type { TriggerTag } from '../../../src/shared/api/vocabulary';
import type { Random } from './random';

// Words for believable ASMR titles and prompts. Each scene belongs to the trigger it sounds like, so
// a video's tags agree with what its title and prompt describe.

interface Scene {
  title: string;
  prompt: string;
}

const SCENES: Record<TriggerTag, readonly Scene[]> = {
  Water: [
    { title: 'Water Droplets on Leaves', prompt: 'slow water droplets falling onto broad green leaves' },
    { title: 'Pouring Water into Glass Jars', prompt: 'clear water poured slowly into a row of glass jars' },
    { title: 'Bubbling Brook', prompt: 'a small brook bubbling over smooth river stones' },
  ],
  Whisper: [
    {
      title: 'Soft Spoken Bedtime Story',
      prompt: 'a gentle whispered bedtime story, close to the microphone',
    },
    { title: 'Whispered Word Triggers', prompt: 'softly whispered trigger words moving from ear to ear' },
    { title: 'Ear to Ear Whispers', prompt: 'slow whispers alternating between left and right ear' },
  ],
  Cutting: [
    { title: 'Cutting Kinetic Sand', prompt: 'a sharp knife slicing through pastel kinetic sand cubes' },
    { title: 'Slicing Soap Cubes', prompt: 'a blade slicing thin curls from a block of dried soap' },
    { title: 'Crisp Vegetable Chopping', prompt: 'fresh cucumbers and carrots chopped on a wooden board' },
  ],
  Tapping: [
    { title: 'Fast Nail Tapping', prompt: 'long acrylic nails tapping quickly on assorted objects' },
    { title: 'Tapping on Glass Bottles', prompt: 'fingertips tapping rhythmically on colored glass bottles' },
    { title: 'Slow Tapping on Wood', prompt: 'slow fingertip tapping on a polished walnut box' },
  ],
  Crinkle: [
    { title: 'Crinkly Cellophane Wrapping', prompt: 'hands crinkling and folding clear cellophane wrap' },
    { title: 'Foil Crinkles', prompt: 'sheets of gold foil crinkled and smoothed out again' },
    { title: 'Plastic Bag Crinkle Sounds', prompt: 'a thin plastic bag crumpled slowly near the microphone' },
  ],
  Brushing: [
    { title: 'Microphone Brushing', prompt: 'a soft makeup brush sweeping across a fluffy microphone cover' },
    { title: 'Hair Brushing Sounds', prompt: 'slow brushing of long hair with a wooden paddle brush' },
    { title: 'Brushing Velvet Fabric', prompt: 'a stiff brush stroked across deep blue velvet fabric' },
  ],
  Typing: [
    {
      title: 'Mechanical Keyboard Typing',
      prompt: 'steady typing on a mechanical keyboard with tactile switches',
    },
    {
      title: 'Vintage Typewriter',
      prompt: 'typing a letter on a vintage typewriter, the carriage returning',
    },
    { title: 'Late Night Laptop Typing', prompt: 'quiet laptop typing at a desk lit by a single lamp' },
  ],
  Rain: [
    { title: 'Rain on a Tin Roof', prompt: 'steady rain drumming on a corrugated tin roof' },
    { title: 'Rain Against the Window', prompt: 'heavy rain streaming down a large window pane at night' },
    { title: 'Gentle Forest Rain', prompt: 'light rain falling through a dense pine forest' },
  ],
  Scratching: [
    {
      title: 'Scratching Textured Surfaces',
      prompt: 'nails scratching across cork, sandpaper and rubber mats',
    },
    { title: 'Microphone Scratching', prompt: 'slow scratching on a foam microphone cover' },
    { title: 'Scratching Tree Bark', prompt: 'fingertips scratching rough oak bark in close-up' },
  ],
  Soap: [
    { title: 'Crushing Dry Soap', prompt: 'crushing brittle dried soap bars into fine powder' },
    { title: 'Soap Foam Squeezing', prompt: 'hands squeezing thick lavender soap foam' },
    { title: 'Carving Soap Flowers', prompt: 'carving delicate flower petals from a bar of soap' },
  ],
  Slime: [
    { title: 'Glossy Slime Poking', prompt: 'fingers poking and stretching glossy clear slime' },
    { title: 'Crunchy Slime', prompt: 'crunchy bead-filled slime pressed and folded slowly' },
    { title: 'Butter Slime Stretching', prompt: 'soft butter slime stretched and folded on a marble table' },
  ],
  Sand: [
    { title: 'Raking Zen Sand', prompt: 'a tiny rake drawing patterns through a white sand garden' },
    { title: 'Pouring Colored Sand', prompt: 'streams of colored sand poured into a glass vase' },
    { title: 'Kinetic Sand Squishing', prompt: 'hands squishing and molding kinetic sand' },
  ],
  Pages: [
    { title: 'Page Turning in an Old Book', prompt: 'slow page turning in a thick antique book' },
    { title: 'Flipping Through Magazines', prompt: 'glossy magazine pages flipped one by one' },
    { title: 'Library Study Session', prompt: 'quiet page turning and pencil notes in a library' },
  ],
  Wood: [
    { title: 'Wood Carving', prompt: 'a chisel carving thin shavings from a block of cedar' },
    { title: 'Knocking on Wooden Boxes', prompt: 'gentle knocks on hollow wooden boxes of different sizes' },
    { title: 'Sanding Wood by Hand', prompt: 'sanding a wooden bowl by hand with fine sandpaper' },
  ],
  Glass: [
    { title: 'Glass Marbles Rolling', prompt: 'glass marbles rolling and clinking in a ceramic bowl' },
    { title: 'Crystal Glass Tapping', prompt: 'a spoon lightly tapping crystal glasses filled with water' },
    { title: 'Glass Bead Sorting', prompt: 'tiny glass beads sorted into a wooden tray' },
  ],
  Fire: [
    { title: 'Crackling Fireplace', prompt: 'a crackling fireplace with glowing logs' },
    { title: 'Campfire Under the Stars', prompt: 'a campfire crackling under a clear night sky' },
    { title: 'Candle Flame Close-up', prompt: 'a candle flame flickering with a soft wax crackle' },
  ],
};

const ADJECTIVES = [
  'Relaxing',
  'Soothing',
  'Tingly',
  'Gentle',
  'Calming',
  'Slow',
  'Cozy',
  'Deep Sleep',
  'Satisfying',
];
const SETTINGS = [
  'in a cozy cabin',
  'on a marble countertop',
  'in a quiet studio',
  'on a rainy afternoon',
  'by a sunlit window',
  'in a minimalist white room',
  'at a wooden workbench',
  'in a candle-lit bedroom',
];
const SHOTS = ['Macro close-up of', 'Overhead shot of', 'Slow-motion close-up of', 'Soft-focus shot of'];
const LIGHTING = [
  'warm golden lighting',
  'soft diffused daylight',
  'moody low-key lighting',
  'pastel ambient light',
];
const AUDIO = [
  'binaural sound, no talking',
  'crisp 3D audio',
  'layered binaural sound',
  'close-mic sound, no music',
];
const SUFFIXES = ['', '', ' for Sleep', ' (No Talking)', ' for Study', ' 1 Hour Loop', ' Compilation'];

export interface Description {
  title: string;
  prompt: string;
}

/** A title and prompt whose scene belongs to `primary`, mentioning the other triggers as extra sounds. */
export function describe(rng: Random, primary: TriggerTag, others: readonly TriggerTag[]): Description {
  const scene = rng.pick(SCENES[primary]);
  const setting = rng.pick(SETTINGS);
  const title = `${rng.pick(ADJECTIVES)} ${scene.title}${rng.pick(SUFFIXES)}`;
  const extra = others.length > 0 ? `, with ${others.map((t) => t.toLowerCase()).join(' and ')} sounds` : '';
  const prompt = `${rng.pick(SHOTS)} ${scene.prompt} ${setting}${extra}, ${rng.pick(LIGHTING)}, ${rng.pick(AUDIO)}`;
  return { title, prompt };
}
