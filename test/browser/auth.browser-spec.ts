import type { Browser } from 'playwright-core';

import { launchChromium, logIn, openPerson, type Person, screenshot } from './support/browser.js';
import { missingPrerequisite } from './support/paths.js';
import { RestClient } from './support/rest.js';
import { ServerProcess } from './support/server.js';

const missing = missingPrerequisite();
if (missing) console.warn(`Skipping the browser specs: ${missing}`);

(missing ? describe.skip : describe)('signing in, rooms and profiles (browser)', () => {
  let server: ServerProcess;
  let browser: Browser;
  let ana: Person;

  beforeAll(async () => {
    server = await ServerProcess.start();
    browser = await launchChromium();
    ana = await openPerson(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  afterEach(() => {
    expect(ana?.errors ?? []).toEqual([]);
  });

  it('shows one login screen with labelled fields', async () => {
    await ana.page.goto('/');
    await ana.page.getByLabel('Username').waitFor();
    await ana.page.getByLabel('Password').waitFor();
    await screenshot(ana.page, '01-login');
  });

  it('explains an invalid username', async () => {
    await ana.page.getByLabel('Username').fill('a b');
    await ana.page.getByLabel('Password').fill('correct-horse-1');
    await ana.page.getByRole('button', { name: 'Log in or sign up' }).click();
    const alert = ana.page.getByRole('alert');
    expect(await alert.textContent()).toMatch(/Username must be 3 to 32 characters/);
  });

  it('signs a new user up and shows the rooms', async () => {
    await logIn(ana.page, 'ana', 'correct-horse-1');
    await ana.page.getByRole('link', { name: /^Room general/ }).waitFor();
    await ana.page.getByRole('link', { name: /^Room random/ }).waitFor();
    await screenshot(ana.page, '02-rooms');
  });

  it('explains a wrong password', async () => {
    const intruder = await openPerson(browser, server.url);
    await intruder.page.goto('/');
    await intruder.page.getByLabel('Username').fill('ana');
    await intruder.page.getByLabel('Password').fill('not-the-password');
    await intruder.page.getByRole('button', { name: 'Log in or sign up' }).click();
    expect(await intruder.page.getByRole('alert').textContent()).toMatch(/wrong password/i);
    await screenshot(intruder.page, '01-login-wrong-password');
    await intruder.context.close();
  });

  it('keeps the session over a reload', async () => {
    await ana.page.reload();
    await ana.page.getByRole('navigation', { name: 'Rooms' }).waitFor();
    expect(await ana.page.getByLabel('Username').count()).toBe(0);
  });

  it('creates a room, and says so when the name is taken', async () => {
    const { page } = ana;
    await page.getByRole('button', { name: '+ New room' }).click();
    await page.getByLabel('Room name').fill('Book club');
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.waitForURL(/\/rooms\/\d+$/);
    await page.getByRole('link', { name: /^Room Book club/ }).waitFor();

    await page.getByRole('button', { name: '+ New room' }).click();
    await page.getByLabel('Room name').fill('book CLUB');
    await page.getByRole('button', { name: 'Create room' }).click();
    const alert = page.getByRole('form', { name: 'Create a room' }).getByRole('alert');
    expect(await alert.textContent()).toBe('A room with that name already exists.');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('joins and leaves a room', async () => {
    const { page } = ana;
    await page.getByRole('button', { name: 'Join random' }).click();
    await page.waitForURL(/\/rooms\/\d+$/);
    await page.getByRole('button', { name: 'Join random' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Leave room' }).click();
    await page.waitForURL(/\/$/);
    await page.getByRole('button', { name: 'Join random' }).waitFor();
  });

  it('edits the own profile, refusing an unsafe avatar URL', async () => {
    const { page } = ana;
    await page.getByRole('button', { name: /^Your profile/ }).click();
    await page.getByLabel('Display name').fill('Ana Lima');
    await page.getByLabel('Bio').fill('Reads <b>everything</b>.\nLikes tea.');
    await page.getByLabel('Avatar URL').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Save profile' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/http:\/\/ or https:\/\//);

    await page.getByLabel('Avatar URL').fill('');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await page.getByRole('button', { name: 'Your profile (Ana Lima)' }).waitFor();
    await screenshot(page, '04-profile-own');
    expect(ana.dialogs).toEqual([]);
  });

  it("shows someone else's profile read-only", async () => {
    const bob = await RestClient.login(server.url, 'bob', 'correct-horse-2');
    await bob.call('PUT', `/api/users/${bob.userId}/profile`, {
      displayName: 'Bob <script>alert(1)</script>',
      bio: 'I build <img src=x onerror=alert(1)> things.',
    });
    const { page } = ana;
    await page.goto(`/users/${bob.userId}`);
    await page.getByRole('heading', { name: 'Bob <script>alert(1)</script>' }).waitFor();
    await page.getByText('I build <img src=x onerror=alert(1)> things.').waitFor();
    expect(await page.getByRole('button', { name: 'Save profile' }).count()).toBe(0);
    expect(await page.getByLabel('Display name').count()).toBe(0);
    await screenshot(page, '04-profile-other');
    expect(ana.dialogs).toEqual([]);
  });

  it('shows the rooms on a phone-sized screen', async () => {
    const phone = await openPerson(browser, server.url, { width: 390, height: 844 });
    await phone.page.goto('/');
    await logIn(phone.page, 'ana', 'correct-horse-1');
    await phone.page.getByRole('link', { name: /^Room general/ }).waitFor();
    await screenshot(phone.page, '06-phone-rooms');
    await phone.context.close();
  });

  it('logs out cleanly', async () => {
    const { page } = ana;
    await page.goto('/');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Username').waitFor();
    await page.reload();
    await page.getByLabel('Username').waitFor();
    expect(await page.evaluate("localStorage.getItem('fadmann.session')")).toBeNull();
  });
});

(missing ? describe.skip : describe)('short-lived access tokens in two tabs (browser)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await ServerProcess.start({ ACCESS_TOKEN_TTL: '4s' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('refreshes in turn, so rotation never logs either tab out', async () => {
    const first = await openPerson(browser, server.url);
    await first.page.goto('/');
    await logIn(first.page, 'dana', 'dana-password-1');
    // A second tab of the same browser profile shares the session.
    const second = await first.context.newPage();
    await second.goto('/');
    await second.getByRole('navigation', { name: 'Rooms' }).waitFor();

    for (let round = 0; round < 2; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 4500));
      // Both tabs call the API at once with an expired token.
      await Promise.all(
        [first.page, second].map((page) =>
          page.evaluate("window.dispatchEvent(new Event('focus'))"),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const page of [first.page, second]) {
      await page.reload();
      await page.getByRole('link', { name: /^Room general/ }).waitFor();
      expect(await page.getByLabel('Username').count()).toBe(0);
    }
    // Logging out in one tab logs the other out too.
    await first.page.getByRole('button', { name: 'Log out' }).click();
    await second.getByLabel('Username').waitFor();
    expect(first.errors).toEqual([]);
    await first.context.close();
  });
});
