import { SQLITE_BINDING_ENV } from '../src/main/electron/sqlite-binding';
import type { ElectronAvailability } from './electron-availability';
import type { BindingResult } from './electron-sqlite';

export type StartPlan =
  { mode: 'electron'; env: Record<string, string>; note: string | null } | { mode: 'web'; reason: string };

/**
 * What `npm start` runs: Electron when its binary and a display are there and better-sqlite3 is
 * available for Electron's ABI (the binding is only looked for once Electron could run at all, since
 * fetching it may download), otherwise the web host with the reason.
 */
export async function planStart(
  availability: ElectronAvailability,
  electronBinding: () => Promise<BindingResult>,
): Promise<StartPlan> {
  if (!availability.ok) return { mode: 'web', reason: availability.reason };
  let binding: BindingResult;
  try {
    binding = await electronBinding();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { mode: 'web', reason: `better-sqlite3 for Electron could not be looked up: ${message}` };
  }
  if (!binding.ok) return { mode: 'web', reason: binding.reason };
  return {
    mode: 'electron',
    env: { [SQLITE_BINDING_ENV]: binding.path },
    note: binding.fetched ? `Fetched better-sqlite3 for Electron into ${binding.path}` : null,
  };
}
