import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { runWebHost, type RunningWebHost } from '../../../src/webhost/run';
import { launchBrowser, type E2eBrowser } from './browser';
import { buildRenderer } from './renderer';
import { startE2eServer, type E2eServer } from './server';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../../artifacts/screenshots');

export interface E2eApp {
  server: E2eServer;
  host: RunningWebHost;
  browser: E2eBrowser;
  page: Page;
  /** Console errors and uncaught exceptions seen in the page so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Real server + web host (the core in Node) + the built renderer in Chromium. Signed out at start. */
export async function startApp(opts: {
  videos: number;
  genSeconds?: number;
  colorScheme?: 'light' | 'dark';
  pool?: number;
}): Promise<E2eApp> {
  const rendererDir = await buildRenderer();
  const server = await startE2eServer({ videos: opts.videos, genSeconds: opts.genSeconds, pool: opts.pool });
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-webhost-'));
  const host = await runWebHost({
    serverUrl: server.url,
    dataDir,
    rendererDir,
    port: 0,
    open: false,
    log: () => undefined,
  });
  const browser = await launchBrowser({ colorScheme: opts.colorScheme });
  const errors: string[] = [];
  browser.page.on('console', (m) => {
    // The location names the resource of a failed load ("404 (Not Found)" alone says nothing).
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  browser.page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return {
    errors,
    server,
    host,
    browser,
    page: browser.page,
    close: async () => {
      await browser.close();
      await host.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}

export async function signIn(app: E2eApp, userIndex = 0): Promise<void> {
  const user = app.server.users[userIndex];
  if (!user) throw new Error('no such seeded user');
  const { page } = app;
  await page.goto(app.host.url);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('grid', { name: 'My videos' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Titles of the cards in the DOM, in grid order. */
export async function cardTitles(page: Page): Promise<string[]> {
  return page.locator('[role="gridcell"][data-id] h3').allTextContents();
}

export async function expectNoBusyCards(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[role="gridcell"][aria-busy="true"]').count()).toBe(0);
}
