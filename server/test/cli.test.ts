import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openServerDb } from '../src/db/open';
import { defaultDataDir, parseServerArgs, UsageError } from '../src/cli/serverArgs';
import { call, createUser, login, SETTINGS, tempDir, startTestServer } from './helpers/fixture';

const CLI = join(__dirname, '..', 'src', 'cli', 'server.ts');
const dir = tempDir();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(() => dir.remove());

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function listening(r: Run): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(r.stdout());
    if (m?.[1]) return m[1];
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`server did not start: ${r.stdout()} ${r.stderr()}`);
}

describe('npm run server', () => {
  it('prints exactly the listening line, serves, keeps secrets out of the log, and stops cleanly on SIGTERM parking its jobs', async () => {
    const data = join(dir.path, 'cli');
    const r = run(['--port', '0', '--data', data, '--gen-seconds', '600', '--log-level', 'debug']);
    const url = await listening(r);
    expect((await call(url, '/health')).body).toEqual({ status: 'ok' });

    const users = openServerDb(join(data, 'server.db'));
    const user = await createUser(users, { credits: 50 });
    const token = await login(url, user);
    const created = await call<{ video: { id: number } }>(url, '/api/videos', {
      method: 'POST',
      token,
      json: { prompt: 'Long job', triggers: [], settings: SETTINGS },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 50; i++) {
      const job = users.prepare('SELECT state FROM jobs WHERE video_id = ?').get(created.body.video.id) as {
        state: string;
      };
      if (job.state === 'running') break;
      await new Promise((res) => setTimeout(res, 100));
    }

    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    expect(r.stdout()).toBe(`listening on ${url}\n`);
    expect(r.stderr()).toContain('SIGTERM');
    expect(r.stderr()).not.toContain(user.password);
    expect(r.stderr()).not.toContain(token);
    expect(users.prepare('SELECT state FROM jobs WHERE video_id = ?').get(created.body.video.id)).toEqual({
      state: 'queued',
    });
    users.close();
  });

  it.each([
    [['--port', 'abc'], '--port must be a whole number'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['--fail-rate', '2'], '--fail-rate must be a number from 0 to 1'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--log-level', 'loud'], '--log-level must be one of'],
  ])('bad flags %j → usage error, exit 2', async (args, message) => {
    const r = run(args);
    expect(await r.exit).toBe(2);
    expect(r.stderr()).toContain(message);
    expect(r.stderr()).toContain('usage: npm run server');
    expect(r.stdout()).toBe('');
  });

  it('a port already in use is a clear error, exit 1', async () => {
    const taken = await startTestServer();
    try {
      const r = run([
        '--port',
        String(taken.server.port),
        '--data',
        join(dir.path, 'busy'),
        '--log-level',
        'silent',
      ]);
      expect(await r.exit).toBe(1);
      expect(r.stderr()).toContain(`error: port ${taken.server.port} is already in use`);
      expect(r.stdout()).toBe('');
    } finally {
      await taken.close();
    }
  });

  it('says clearly at start when ffmpeg is missing', async () => {
    const r = run(['--port', '0', '--data', join(dir.path, 'noffmpeg'), '--log-level', 'silent'], {
      AIASMR_FFMPEG: join(dir.path, 'no-such-ffmpeg'),
    });
    await listening(r);
    expect(r.stderr()).toContain('warning: ffmpeg was not found');
    r.child.kill('SIGINT');
    expect(await r.exit).toBe(0);
  });
});

describe('server arguments', () => {
  it('defaults: port 8787, 127.0.0.1, the platform app-data folder', () => {
    const a = parseServerArgs([], { XDG_DATA_HOME: '/xdg' });
    expect(a).toMatchObject({ port: 8787, host: '127.0.0.1', genSeconds: 8, failRate: 0.1, demo: false });
    if (process.platform === 'linux') expect(a.dataDir).toBe('/xdg/aiasmr-server');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain('aiasmr-server');
    expect(defaultDataDir({}, 'darwin')).toContain(join('Library', 'Application Support', 'aiasmr-server'));
    expect(() => parseServerArgs(['--data', ''])).toThrow(UsageError);
    expect(parseServerArgs(['--demo', '--host', '0.0.0.0', '--gen-seconds', '0.5'])).toMatchObject({
      demo: true,
      host: '0.0.0.0',
      genSeconds: 0.5,
    });
  });
});
