import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../server/src/index';
import { DEMO_ACCOUNT } from '../../server/src/seed/demo';

/**
 * The reference server inside the web host, with the demo account. It tries the port it used last
 * time, so the server URL (and with it the account's cache folder) stays the same from run to run.
 */
export async function startEmbeddedServer(
  dataDir: string,
): Promise<{ url: string; account: { email: string; password: string }; close(): Promise<void> }> {
  mkdirSync(dataDir, { recursive: true });
  const portFile = join(dataDir, 'last-port');
  let preferred = 0;
  try {
    preferred = Number.parseInt(readFileSync(portFile, 'utf8'), 10) || 0;
  } catch {
    preferred = 0;
  }
  // No random render failures: the demo library already shows failed videos with their reasons, and a
  // job failing with a refund in the first seconds surprised newcomers (issue 13, first run).
  const start = (port: number) => startServer({ port, dataDir, demo: true, logLevel: 'warn', failRate: 0 });
  let server;
  try {
    server = await start(preferred);
  } catch (err) {
    if (preferred === 0) throw err;
    server = await start(0);
  }
  writeFileSync(portFile, String(server.port));
  return {
    url: server.url,
    account: { email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password },
    close: () => server.close(),
  };
}
