import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureWebHostBuilt } from './webhost-build.js';

// `npm run web`: the web host from its JavaScript bundle (built on the first start after a change to
// its sources), so a start does not wait for TypeScript to compile. Arguments go to src/webhost/cli.ts.
const dir = await ensureWebHostBuilt(join(import.meta.dirname, '..'));
await import(pathToFileURL(join(dir, 'cli.js')).href);
