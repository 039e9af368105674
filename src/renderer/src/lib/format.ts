import type { Plan } from '../../../shared/api/vocabulary';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "Jun 25, 2025, 14:02" in en-US; the same parts in the order and words of the user's locale. */
export function formatGeneratedAt(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'Unknown date';
  const key = locale ?? '';
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

export function formatCredits(n: number): string {
  return `${n.toLocaleString()} ${Math.abs(n) === 1 ? 'credit' : 'credits'}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export const PLAN_LABELS: Record<Plan, string> = { free: 'Free', basic: 'Basic', pro: 'Pro' };

export function formatUsd(n: number): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(n);
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
