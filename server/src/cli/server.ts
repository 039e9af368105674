import { startServer } from '../index';
import { DatabaseTooNewError } from '../../../src/shared/sqlite/migrate';
import { USAGE, UsageError, parseServerArgs } from './serverArgs';

// `npm run server -- …`: the only line on stdout is the "listening on" line (scripts wait for it);
// logs go to stderr as JSON.

async function main(): Promise<void> {
  let args;
  try {
    args = parseServerArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let server;
  try {
    server = await startServer({
      port: args.port,
      host: args.host,
      dataDir: args.dataDir,
      genSeconds: args.genSeconds,
      failRate: args.failRate,
      renderMaxSeconds: args.renderMaxSeconds,
      demo: args.demo,
      logLevel: args.logLevel,
    });
  } catch (err) {
    if (err instanceof DatabaseTooNewError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(1);
    }
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    if (code === 'EADDRINUSE') {
      process.stderr.write(`error: port ${args.port} is already in use; pick another with --port\n`);
      process.exit(1);
    }
    process.stderr.write(
      `error: the server could not start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  }
  if (!server.ffmpeg.ok) {
    process.stderr.write(
      `warning: ffmpeg was not found (${server.ffmpeg.message}). The API runs, but new generations will fail ` +
        'until ffmpeg is installed (Debian: apt-get install -y ffmpeg; macOS: brew install ffmpeg; ' +
        'Windows: winget install ffmpeg) or AIASMR_FFMPEG points to it.\n',
    );
  }
  process.stdout.write(`listening on ${server.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: finishing requests and parking jobs…\n`);
    server
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        process.stderr.write(`error during shutdown: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
