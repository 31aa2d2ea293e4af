import type { Browser, Page } from 'playwright-core';

import {
  eventually,
  launchChromium,
  logIn,
  openPerson,
  openRoom,
  type Person,
  screenshot,
  sendMessage,
} from './support/browser.js';
import { missingPrerequisite } from './support/paths.js';
import { RestClient, socketEndpointAnswers } from './support/rest.js';
import { ServerProcess } from './support/server.js';

// Decided at load time, as in chat.browser-spec.ts: without a browser, a build or the
// per-user socket nothing here can run.
async function skipReason(): Promise<string | null> {
  const missing = missingPrerequisite();
  if (missing) return missing;
  const probe = await ServerProcess.start();
  try {
    return (await socketEndpointAnswers(probe.url))
      ? null
      : 'the server does not answer the per-user socket WS /api/ws with a ready frame yet';
  } finally {
    await probe.dispose();
  }
}

const skip = await skipReason();
if (skip) console.warn(`Skipping the rooms and notifications browser specs: ${skip}`);

/**
 * Records every desktop notification the page makes (window.__notifications), and lets the
 * spec say the tab is hidden (window.__forceHidden), which a headless tab never is.
 */
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification;
  window.__notifications = [];
  window.__forceHidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', {
    configurable: true,
    get: () => (window.__forceHidden ? 'hidden' : 'visible'),
  });
  Object.defineProperty(Document.prototype, 'hidden', {
    configurable: true,
    get: () => window.__forceHidden,
  });
  function Recorded(title, options) {
    window.__notifications.push({ title, body: options && options.body });
    try {
      return new Real(title, options);
    } catch {
      return { close() {}, onclick: null };
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Recorded.requestPermission = (...args) => Real.requestPermission(...args);
  window.Notification = Recorded;
})();`;

interface Recorded {
  title: string;
  body: string;
}

function notificationsOf(page: Page): Promise<Recorded[]> {
  // A string: this project's TypeScript has no DOM types (the page's `window`).
  return page.evaluate('window.__notifications') as Promise<Recorded[]>;
}

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'Rooms' });
}

(skip ? describe.skip : describe)('rooms, direct messages and notifications', () => {
  let server: ServerProcess;
  let browser: Browser;
  let ana: Person;
  let bob: Person;
  let cy: Person;
  let bobId: number;
  let secretId: number;

  beforeAll(async () => {
    server = await ServerProcess.start();
    browser = await launchChromium();
    bobId = (await RestClient.login(server.url, 'bob', 'bob-password-1')).userId;
    ana = await openPerson(browser, server.url);
    bob = await openPerson(browser, server.url);
    cy = await openPerson(browser, server.url);
    await bob.context.grantPermissions(['notifications'], { origin: server.url });
    await bob.context.addInitScript(RECORD_NOTIFICATIONS);
    for (const [person, name] of [
      [ana, 'ana'],
      [bob, 'bob'],
      [cy, 'cyd'],
    ] as const) {
      await person.page.goto('/');
      await logIn(person.page, name, `${name}-password-1`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  afterEach(() => {
    for (const person of [ana, bob, cy]) {
      expect(person?.dialogs ?? []).toEqual([]);
      expect(person?.errors ?? []).toEqual([]);
    }
  });

  it('previews a public room before joining it, with a Join button', async () => {
    await cy.page.getByRole('link', { name: /^Room general\b.*not joined/ }).click();
    await cy.page.getByRole('region', { name: 'Join this room' }).waitFor();
    await cy.page.locator('.chat[data-connection="online"]').waitFor();
    expect(await cy.page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await screenshot(cy.page, '10-room-preview');
    await cy.page.getByRole('button', { name: 'Join room' }).click();
    await cy.page.getByRole('textbox', { name: 'Message' }).waitFor();
    await sidebar(cy.page)
      .getByRole('link', { name: /^Room general(?!.*not joined)/ })
      .waitFor();
  });

  it('brings a direct message started from a profile to the other person, with a badge and a desktop notification', async () => {
    await bob.page.evaluate('window.__forceHidden = true');
    await ana.page.goto(`/users/${bobId}`);
    await ana.page.getByRole('button', { name: 'Send bob a message' }).click();
    await ana.page.getByRole('heading', { name: 'bob' }).waitFor();
    await ana.page.locator('.chat[data-connection="online"]').waitFor();
    await sendMessage(ana.page, 'psst bob, a direct word');
    await ana.page.locator('.message.own.sent', { hasText: 'psst bob' }).waitFor();

    const dm = sidebar(bob.page).getByRole('link', { name: /^Direct message with ana, 1 unread/ });
    await dm.waitFor();
    await bob.page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    const shown = await eventually(
      () => notificationsOf(bob.page),
      (list) => list.length > 0,
    );
    expect(shown[0].title).toMatch(/^ana /);
    expect(shown[0].body).toBe('psst bob, a direct word');
    expect(await bob.page.title()).toBe('(1) Fadmann');
    await screenshot(bob.page, '11-dm-badge');

    await bob.page.evaluate('window.__forceHidden = false');
    await bob.page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await screenshot(bob.page, '12-notifications');
    await bob.page.getByRole('button', { name: /ana sent you a direct message/ }).click();
    await bob.page.locator('.message-text', { hasText: 'psst bob' }).waitFor();
    await eventually(
      () => bob.page.title(),
      (title) => !title.startsWith('('),
    );
  });

  it('keeps a private room invisible to a third person', async () => {
    await ana.page.goto('/');
    await ana.page.getByRole('button', { name: '+ New room' }).click();
    const form = ana.page.getByRole('form', { name: 'Create a room' });
    await form.getByLabel('Room name').fill('secret');
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: 'Create room' }).click();
    await ana.page.locator('.chat[data-connection="online"]').waitFor();
    secretId = Number(/\/rooms\/(\d+)/.exec(ana.page.url())?.[1]);

    // Invite bob: he shares a direct room with ana, so the picker knows him.
    await ana.page.getByRole('button', { name: 'Room settings' }).click();
    const settings = ana.page.getByRole('complementary', { name: 'Room settings' });
    await settings.getByLabel('Name or user id').fill('bob');
    await settings.getByRole('button', { name: 'Add bob' }).click();
    await settings.getByText('bob was added.').waitFor();
    await screenshot(ana.page, '13-room-settings');

    // bob sees it arrive live; cy sees nothing, and its address is "no such room".
    await sidebar(bob.page)
      .getByRole('link', { name: /^Room secret\b.*private/ })
      .waitFor();
    await cy.page.goto('/');
    await sidebar(cy.page)
      .getByRole('link', { name: /^Room general/ })
      .waitFor();
    expect(
      await sidebar(cy.page)
        .getByRole('link', { name: /secret/ })
        .count(),
    ).toBe(0);
    await cy.page.goto(`/rooms/${secretId}`);
    await cy.page.getByText('This room does not exist.').waitFor();
  });

  it("takes a removed person's view out of the room, saying so", async () => {
    await bob.page.goto(`/rooms/${secretId}`);
    await bob.page.getByRole('textbox', { name: 'Message' }).waitFor();
    await bob.page.locator('.chat[data-connection="online"]').waitFor();

    const settings = ana.page.getByRole('complementary', { name: 'Room settings' });
    // Made a moderator, bob gets the moderation controls live; unmade, he loses them.
    await settings.getByRole('button', { name: 'Make moderator' }).click();
    await bob.page.getByRole('button', { name: 'Room settings' }).click();
    const bobsSettings = bob.page.getByRole('complementary', { name: 'Room settings' });
    const renameForm = bobsSettings.getByRole('form', { name: 'Room name and description' });
    await renameForm.waitFor();
    expect(await bobsSettings.getByRole('button', { name: /^Remove ana/ }).count()).toBe(0);
    await settings.getByRole('button', { name: 'Remove moderator' }).click();
    await renameForm.waitFor({ state: 'detached' });

    await settings.getByRole('button', { name: 'Remove bob from the room' }).click();

    await bob.page
      .getByRole('alert')
      .filter({ hasText: 'You were removed from #secret.' })
      .waitFor();
    await eventually(
      () => Promise.resolve(new URL(bob.page.url()).pathname),
      (path) => path === '/',
    );
    expect(
      await sidebar(bob.page)
        .getByRole('link', { name: /secret/ })
        .count(),
    ).toBe(0);
    await screenshot(bob.page, '14-removed');
  });

  it("updates a room's unread badge live while another room is open", async () => {
    const carol = await RestClient.login(server.url, 'carol', 'carol-password-1');
    const randomId = await carol.roomId('random');
    await carol.call('PUT', `/api/rooms/${randomId}/members/me`);
    await bob.page.goto('/');
    await openRoom(bob.page, 'random');
    await openRoom(bob.page, 'general');

    await carol.post(randomId, 'news from random while you read general');
    const random = sidebar(bob.page).getByRole('link', { name: /^Room random, 1 unread/ });
    await random.waitFor();
    expect(await random.textContent()).toContain('news from random while you read general');
    await carol.post(randomId, 'and more');
    await sidebar(bob.page)
      .getByRole('link', { name: /^Room random, 2 unread/ })
      .waitFor();
    await screenshot(bob.page, '15-live-badge');
  });

  it('notices a lost connection at once, counts down right, and recovers', async () => {
    const dee = await openPerson(browser, server.url);
    // The rooms list cannot be fetched, as if the server could not be reached.
    await dee.page.route('**/api/rooms', (route) => route.abort('connectionrefused'));
    await dee.page.goto('/');
    await logIn(dee.page, 'dee', 'dee-password-1');
    await sidebar(dee.page)
      .getByText(/Cannot reach the server/)
      .waitFor();
    await dee.page.unroute('**/api/rooms');

    await dee.context.setOffline(true);
    const banner = dee.page.getByText(/You are offline/);
    await banner.waitFor({ timeout: 2000 });
    // The first retry is at most half a second away: never a stale count like "51 s".
    expect(await banner.textContent()).toMatch(/^You are offline\. Reconnecting( in 1 s)?…$/);
    await screenshot(dee.page, '17-offline-at-once');

    await dee.context.setOffline(false);
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    // Reconnected: the list is fetched again and the error is gone.
    await sidebar(dee.page)
      .getByRole('link', { name: /^Room general/ })
      .waitFor();
    expect(
      await sidebar(dee.page)
        .getByText(/Cannot reach the server/)
        .count(),
    ).toBe(0);
    await dee.context.close();
  });

  it('keeps a long last message from widening a phone-sized page', async () => {
    const carol = await RestClient.login(server.url, 'carol', 'carol-password-1');
    const randomId = await carol.roomId('random');
    await carol.post(randomId, `a very long line ${'without-any-break-'.repeat(30)}`);
    const phone = await openPerson(browser, server.url, { width: 390, height: 844 });
    await phone.page.goto('/');
    await logIn(phone.page, 'bob', 'bob-password-1');
    await sidebar(phone.page)
      .getByRole('link', { name: /^Room random/ })
      .waitFor();
    const width = (await phone.page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(width).toBeLessThanOrEqual(390);
    expect(await phone.page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
    await screenshot(phone.page, '16-phone-rooms');
    await phone.context.close();
  });
});
