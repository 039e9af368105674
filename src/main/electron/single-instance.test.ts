import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink, type DeepLink } from './deep-link';
import { claimSingleInstance, type SingleInstanceAppLike } from './single-instance';

describe('aiasmr:// links', () => {
  it.each([
    ['aiasmr://video/42', 42],
    ['aiasmr://video/42/', 42],
    ['AIASMR://video/7', 7],
  ])('opens %s', (url, id) => {
    expect(parseDeepLink(url)).toEqual({ kind: 'video', id });
  });

  it.each([
    'aiasmr://video/0',
    'aiasmr://video/-1',
    'aiasmr://video/abc',
    'aiasmr://video/99999999999',
    'aiasmr://video/1/../../etc',
    'aiasmr://settings/1',
    'https://video/42',
    'aiasmr:video',
    'nonsense',
  ])('refuses %s', (url) => {
    expect(parseDeepLink(url)).toBeNull();
  });

  it('finds the link in a command line', () => {
    expect(deepLinkFromArgv(['/usr/bin/aiasmr', '--flag', 'aiasmr://video/5'])).toEqual({
      kind: 'video',
      id: 5,
    });
    expect(deepLinkFromArgv(['/usr/bin/aiasmr', 'aiasmr://bogus'])).toBeNull();
  });
});

class FakeApp implements SingleInstanceAppLike {
  quitCalled = false;
  registered: unknown[][] = [];
  secondInstance: ((event: unknown, argv: string[]) => void) | null = null;
  openUrl: ((event: { preventDefault(): void }, url: string) => void) | null = null;
  constructor(private readonly lock: boolean) {}
  requestSingleInstanceLock() {
    return this.lock;
  }
  quit() {
    this.quitCalled = true;
  }
  setAsDefaultProtocolClient(...args: [string, string?, string[]?]) {
    this.registered.push(args.filter((a) => a !== undefined));
    return true;
  }
  on(event: string, listener: never) {
    if (event === 'second-instance') this.secondInstance = listener;
    if (event === 'open-url') this.openUrl = listener;
  }
}

function setup(lock: boolean, argv: string[] = [], devLaunch?: { execPath: string; appPath: string }) {
  const app = new FakeApp(lock);
  const calls: string[] = [];
  const links: DeepLink[] = [];
  const owned = claimSingleInstance(app, {
    argv,
    ...(devLaunch === undefined ? {} : { devLaunch }),
    focus: () => calls.push('focus'),
    openLink: (link) => links.push(link),
    log: (m) => calls.push(`log:${m}`),
  });
  return { app, owned, calls, links };
}

describe('single instance', () => {
  it('a second launch quits at once without starting anything', () => {
    const { app, owned, links } = setup(false, ['x', 'aiasmr://video/3']);
    expect(owned).toBe(false);
    expect(app.quitCalled).toBe(true);
    expect(app.registered).toEqual([]);
    expect(links).toEqual([]);
  });

  it('the first instance registers the link handler and opens a link it was started with', () => {
    const { app, owned, links } = setup(true, ['x', 'aiasmr://video/3']);
    expect(owned).toBe(true);
    expect(app.registered).toEqual([['aiasmr']]);
    expect(links).toEqual([{ kind: 'video', id: 3 }]);
  });

  it('registers with the electron binary and app path in development', () => {
    const { app } = setup(true, [], { execPath: '/e/electron', appPath: '/repo' });
    expect(app.registered).toEqual([['aiasmr', '/e/electron', ['/repo']]]);
  });

  it('focuses the first window when a second instance starts, and forwards its link', () => {
    const { app, calls, links } = setup(true);
    app.secondInstance?.({}, ['x']);
    app.secondInstance?.({}, ['x', 'aiasmr://video/9']);
    expect(calls).toEqual(['focus', 'focus']);
    expect(links).toEqual([{ kind: 'video', id: 9 }]);
  });

  it('handles macOS open-url links and ignores unknown ones', () => {
    const { app, calls, links } = setup(true);
    let prevented = 0;
    app.openUrl?.({ preventDefault: () => void (prevented += 1) }, 'aiasmr://video/12');
    app.openUrl?.({ preventDefault: () => void (prevented += 1) }, 'aiasmr://nope');
    expect(prevented).toBe(2);
    expect(links).toEqual([{ kind: 'video', id: 12 }]);
    expect(calls).toEqual(['focus', 'log:Ignored an unknown link aiasmr://nope']);
  });
});
