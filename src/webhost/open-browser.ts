import { spawn } from 'node:child_process';

/** Opens the URL in the default browser when there is a display; returns whether it tried. */
export function openBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): boolean {
  let cmd: string;
  let args: string[];
  if (platform === 'darwin') [cmd, args] = ['open', [url]];
  else if (platform === 'win32') [cmd, args] = ['cmd', ['/c', 'start', '""', url]];
  else {
    if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
    [cmd, args] = ['xdg-open', [url]];
  }
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
