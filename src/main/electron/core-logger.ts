import type { Logger as CoreLogger } from '../core/logger';
import type { Logger } from './log-file';

/** The core logs (context object, message); the log file takes lines. */
export function coreLoggerFor(log: Logger): CoreLogger {
  const line = (obj: object, msg?: string): string => {
    const parts = Object.entries(obj).map(([key, value]) => {
      if (value instanceof Error) return `${key}=${value.stack ?? value.message}`;
      return `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
    });
    return [msg ?? '', ...parts].filter((p) => p !== '').join(' ');
  };
  return {
    info: (obj, msg) => log.info(line(obj, msg)),
    warn: (obj, msg) => log.warn(line(obj, msg)),
    error: (obj, msg) => log.error(line(obj, msg)),
  };
}
