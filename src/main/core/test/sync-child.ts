import { makeCore } from './core-harness';

// Child process for the SIGKILL test: signs in on a given data folder and syncs in small pages until
// the parent kills it. argv: serverUrl dataDir email password
const [serverUrl, dataDir, email, password] = process.argv.slice(2);
if (!serverUrl || !dataDir || !email || !password)
  throw new Error('usage: sync-child <url> <dir> <email> <password>');
const h = makeCore(serverUrl, { dataDir, keepDir: true, tuning: { syncPageSize: 10 } });
await h.core.start();
const state = await h.call('session:signIn', { email, password });
if (state.status === 'signed_in') process.stdout.write(`${JSON.stringify({ userId: state.user.id })}\n`);
await h.call('sync:now', {});
process.stdout.write('synced\n');
