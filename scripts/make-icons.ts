import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeIcns, encodeIco, pngSize, type PngImage } from './icon-formats';

// `npm run icons`: renders resources/icon.svg with Chromium (headless, transparent background) at
// 1024 px, scales it with ffmpeg (Lanczos) to every size the installers need, and writes
// resources/icon.png, icon.ico (Windows), icon.icns (macOS) and icons/<n>x<n>.png (Linux).

const root = resolve(import.meta.dirname, '..');
const resources = join(root, 'resources');
const chromium = process.env.CHROMIUM_PATH ?? 'chromium';
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

const work = mkdtempSync(join(tmpdir(), 'aiasmr-icons-'));
try {
  const master = join(work, 'icon-1024.png');
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      `--user-data-dir=${join(work, 'profile')}`,
      '--default-background-color=00000000',
      '--window-size=1024,1024',
      `--screenshot=${master}`,
      pathToFileURL(join(resources, 'icon.svg')).href,
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const images: PngImage[] = SIZES.map((size) => {
    if (size === 1024) return { size, png: readFileSync(master) };
    const out = join(work, `icon-${size}.png`);
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      master,
      '-vf',
      `scale=${size}:${size}:flags=lanczos`,
      out,
    ]);
    return { size, png: readFileSync(out) };
  });
  for (const image of images) {
    const { width, height } = pngSize(image.png);
    if (width !== image.size || height !== image.size)
      throw new Error(`Rendered ${width}x${height} for ${image.size}`);
  }
  const bySize = (sizes: number[]) => images.filter((i) => sizes.includes(i.size));
  writeFileSync(join(resources, 'icon.png'), readFileSync(master));
  writeFileSync(join(resources, 'icon.ico'), encodeIco(bySize(ICO_SIZES)));
  writeFileSync(join(resources, 'icon.icns'), encodeIcns(images));
  mkdirSync(join(resources, 'icons'), { recursive: true });
  for (const image of bySize(LINUX_SIZES)) {
    writeFileSync(join(resources, 'icons', `${image.size}x${image.size}.png`), image.png);
  }
  process.stdout.write(`icons written to ${resources}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
