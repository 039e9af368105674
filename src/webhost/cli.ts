import { DataFolderInUseError } from './lock';
import { parseWebHostArgs, WebHostUsageError } from './args';
import { startEmbeddedServer } from './embedded-server';
import { runWebHost } from './run';

// `npm run web -- [--port P] [--data DIR] [--server URL] [--renderer DIR] [--no-open]`

async function main(): Promise<void> {
  let args;
  try {
    args = parseWebHostArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof WebHostUsageError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const host = await runWebHost({
    port: args.port,
    dataDir: args.dataDir ?? undefined,
    serverUrl: args.serverUrl ?? undefined,
    rendererDir: args.rendererDir ?? undefined,
    open: args.open,
    embedded: startEmbeddedServer,
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping…');
    host.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof DataFolderInUseError) {
    console.error(err.message);
    process.exit(3);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
