import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { Downloader } from '../src/main/core/downloads/downloader';

// The app side of the download benchmark, in a fresh process like curl on the other side.
//   single <url> <bytes> <sha256> <dir> <name>        one download; prints {seconds, ok}
//   resumable <url> <bytes> <sha256> <dir> <name> <etagFile>
//                                                     one download that keeps its validator in a file
//                                                     and reports every received byte (SIGKILLed)
//   concurrent <dir> <bytes> <sha256> <url>...        parallel downloads; prints RSS baseline and peak

const [mode, ...args] = process.argv.slice(2);

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

if (mode === 'single') {
  const [url, bytes, sha256, dir, name] = args;
  if (!url || !bytes || !sha256 || !dir || !name) throw new Error('usage: single url bytes sha256 dir name');
  const started = performance.now();
  const result = await new Downloader().download({
    url,
    destDir: dir,
    fileName: name,
    expected: { bytes: Number(bytes), sha256 },
  });
  print({ seconds: (performance.now() - started) / 1000, ok: result.sha256 === sha256, path: result.path });
} else if (mode === 'resumable') {
  const [url, bytes, sha256, dir, name, etagFile] = args;
  if (!url || !bytes || !sha256 || !dir || !name || !etagFile) throw new Error('usage: resumable … etagFile');
  let etag: string | null = null;
  try {
    etag = readFileSync(etagFile, 'utf8') || null;
  } catch {
    etag = null;
  }
  const result = await new Downloader().download({
    url,
    destDir: dir,
    fileName: name,
    etag,
    expected: { bytes: Number(bytes), sha256 },
    // Synchronous: a line written before SIGKILL still reaches the parent through the pipe.
    onValidator: (value) => writeFileSync(etagFile, value ?? ''),
    onReceived: (received) => writeSync(1, `{"received":${received}}\n`),
  });
  print({
    ok: result.sha256 === sha256,
    path: result.path,
    resumedFrom: result.resumedFrom,
    fetched: result.fetchedBytes,
  });
} else if (mode === 'concurrent') {
  const [dir, bytes, sha256, ...urls] = args;
  if (!dir || !bytes || !sha256 || urls.length === 0)
    throw new Error('usage: concurrent dir bytes sha256 url...');
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const downloader = new Downloader();
  const started = performance.now();
  const results = await Promise.all(
    urls.map((url, i) =>
      downloader.download({
        url,
        destDir: dir,
        fileName: `c${i}.mp4`,
        expected: { bytes: Number(bytes), sha256 },
      }),
    ),
  );
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  print({
    seconds: (performance.now() - started) / 1000,
    ok: results.every((r) => r.sha256 === sha256),
    baselineRss: baseline,
    peakRss: peak,
  });
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
