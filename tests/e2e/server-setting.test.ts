import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './harness/axe';
import { expectNoBusyCards, startApp, type E2eApp } from './harness/app';
import { serverIds } from './harness/oracle';
import { startE2eServer, type E2eServer } from './harness/server';

// A packaged app starts pointed at the local reference server: the sign-in screen must let the user
// point it at another server before signing in. Two real servers; the web host starts on the first.

describe('changing the server from the sign-in screen, in Chromium against the web host', () => {
  let app: E2eApp;
  let other: E2eServer;
  let page: Page;

  beforeAll(async () => {
    app = await startApp({ videos: 6 });
    other = await startE2eServer({ users: 1, videos: 3 });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
    await other?.close();
  });

  it('changes the server in the settings (refusing a bad address) and signs in to the new one', async () => {
    await page.goto(app.host.url);
    const serverLine = page.locator('.signin-server');
    await expect.poll(() => serverLine.textContent()).toContain(`Server: ${app.server.url}`);
    expect(await seriousViolations(page)).toEqual([]);

    const change = page.getByRole('button', { name: 'Change…' });
    await change.click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const address = dialog.getByLabel('Server address');
    await address.fill('not a url');
    await address.press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('is not a web address');
    expect(await serverLine.textContent()).toContain(app.server.url);

    await address.fill(other.url);
    await address.press('Enter');
    await expect.poll(() => serverLine.textContent()).toContain(`Server: ${other.url}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => change.evaluate((el) => el === document.activeElement)).toBe(true);

    const user = other.users[0];
    if (!user) throw new Error('no seeded user on the second server');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('grid', { name: 'My videos' }).waitFor();
    await expectNoBusyCards(page);
    const expected = await serverIds(other.url, user);
    expect(expected).toHaveLength(3);
    await expect
      .poll(() =>
        page
          .locator('[role="gridcell"][data-id]')
          .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-id')))),
      )
      .toEqual(expected);
    expect(app.errors).toEqual([]);
  });
});
