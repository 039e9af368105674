import { DEEP_LINK_SCHEME, deepLinkFromArgv, parseDeepLink, type DeepLink } from './deep-link';

// One running instance: a second launch hands its command line (and any aiasmr:// link in it) to the
// first and quits. Also registers the app as the handler of aiasmr:// links.

export interface SingleInstanceAppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): void;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): void;
}

export interface SingleInstanceOptions {
  argv: readonly string[];
  /** In development the link handler must be told how to start the app (electron + the app folder). */
  devLaunch?: { execPath: string; appPath: string };
  focus(): void;
  openLink(link: DeepLink): void;
  log(message: string): void;
}

/** Returns false when another instance owns the lock: the caller must not start anything then. */
export function claimSingleInstance(app: SingleInstanceAppLike, options: SingleInstanceOptions): boolean {
  if (!app.requestSingleInstanceLock()) {
    options.log('Another instance is running: handing over to it and quitting');
    app.quit();
    return false;
  }
  const registered =
    options.devLaunch === undefined
      ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
      : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, options.devLaunch.execPath, [
          options.devLaunch.appPath,
        ]);
  if (!registered) options.log(`Could not register the ${DEEP_LINK_SCHEME}:// link handler`);

  app.on('second-instance', (_event, argv) => {
    options.focus();
    const link = deepLinkFromArgv(argv);
    if (link !== null) options.openLink(link);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link === null) {
      options.log(`Ignored an unknown link ${url.slice(0, 200)}`);
      return;
    }
    options.focus();
    options.openLink(link);
  });
  const initial = deepLinkFromArgv(options.argv);
  if (initial !== null) options.openLink(initial);
  return true;
}
