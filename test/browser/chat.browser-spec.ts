import type { Browser, Page } from 'playwright-core';

import {
  eventually,
  launchChromium,
  logIn,
  messageTexts,
  openPerson,
  openRoom,
  type Person,
  screenshot,
  sendMessage,
} from './support/browser.js';
import { missingPrerequisite } from './support/paths.js';
import { RestClient, socketEndpointAnswers } from './support/rest.js';
import { ServerProcess } from './support/server.js';

const XSS = '<img src=x onerror=alert(1)>';

// Decided at load time: without a browser or a build nothing runs; without the WebSocket
// per-user socket (`WS /api/ws`) these live-chat scenarios cannot run either.
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
if (skip) console.warn(`Skipping the live chat browser specs: ${skip}`);

(skip ? describe.skip : describe)('live chat between two browsers', () => {
  let server: ServerProcess;
  let browser: Browser;
  let ana: Person;
  let bob: Person;
  let generalId: number;

  beforeAll(async () => {
    server = await ServerProcess.start();
    browser = await launchChromium();
    ana = await openPerson(browser, server.url);
    bob = await openPerson(browser, server.url);
    for (const [person, name] of [
      [ana, 'ana'],
      [bob, 'bob'],
    ] as const) {
      await person.page.goto('/');
      await logIn(person.page, name, `${name}-password-1`);
      await openRoom(person.page, 'general');
    }
    generalId = Number(/\/rooms\/(\d+)$/.exec(ana.page.url())?.[1]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  afterEach(() => {
    for (const person of [ana, bob]) {
      expect(person?.dialogs ?? []).toEqual([]);
      expect(person?.errors ?? []).toEqual([]);
    }
  });

  it('shows who is online', async () => {
    await onlineList(ana.page).getByRole('button', { name: 'Profile of bob' }).waitFor();
    await onlineList(bob.page).getByRole('button', { name: 'Profile of ana' }).waitFor();
  });

  it('shows who is typing, and stops when the message is sent', async () => {
    const composer = bob.page.getByRole('textbox', { name: 'Message' });
    await composer.pressSequentially('Hello a', { delay: 30 });
    await ana.page.getByText('bob is typing…').waitFor();
    await screenshot(ana.page, '03-chat-typing');
    await composer.pressSequentially('na!');
    await composer.press('Enter');
    await ana.page.locator('.message-text', { hasText: 'Hello ana!' }).waitFor();
    await ana.page.getByText('bob is typing…').waitFor({ state: 'detached' });
  });

  it('delivers a message live, confirming it for its sender', async () => {
    await sendMessage(ana.page, 'Hi bob,\nhow are you?');
    await ana.page
      .locator('.message.own.sent .message-text', { hasText: 'how are you?' })
      .waitFor();
    await bob.page.locator('.message-text', { hasText: 'how are you?' }).waitFor();
    expect(await messageTexts(bob.page)).toEqual(['Hello ana!', 'Hi bob,\nhow are you?']);
  });

  it('shows markup as text and runs none of it', async () => {
    await sendMessage(ana.page, XSS);
    for (const { page } of [ana, bob]) {
      await page.locator('.message-text').getByText(XSS, { exact: true }).waitFor();
      expect(await page.locator('.messages img').count()).toBe(0);
    }
    await screenshot(bob.page, '03-chat');
  });

  it('keeps the session and the history over a reload', async () => {
    await bob.page.reload();
    await bob.page.locator('.chat[data-connection="online"]').waitFor();
    expect(bob.page.url()).toBe(`${server.url}/rooms/${generalId}`);
    await eventually(
      () => messageTexts(bob.page),
      (texts) => texts.join('|') === ['Hello ana!', 'Hi bob,\nhow are you?', XSS].join('|'),
    );
  });

  it('counts unread messages in the rooms list', async () => {
    const cy = await RestClient.login(server.url, 'carol', 'carol-password-1');
    await bob.page.goto('/');
    await bob.page.getByRole('link', { name: /^Room general/ }).waitFor();
    await cy.call('PUT', `/api/rooms/${generalId}/members/me`);
    await cy.post(generalId, 'unread one');
    await cy.post(generalId, 'unread two');
    // The per-user socket's room.activity updates the badge live (no reload, no poll).
    await bob.page.getByRole('link', { name: 'Room general, 2 unread' }).waitFor();
    await screenshot(bob.page, '02-rooms-unread');
    await openRoom(bob.page, 'general');
    await bob.page.getByRole('link', { name: 'Room general', exact: true }).waitFor();
  });

  it('reconnects after a server restart and misses nothing', async () => {
    const cy = await RestClient.login(server.url, 'carol', 'carol-password-1');
    await server.stop();
    for (const { page } of [ana, bob]) await page.getByText(/You are offline/).waitFor();
    await screenshot(ana.page, '05-offline-banner');

    // Sending while offline fails visibly and keeps the text for a retry.
    await sendMessage(ana.page, 'written while offline');
    await ana.page.locator('.message.failed').getByRole('alert').waitFor();
    await screenshot(ana.page, '05-offline-failed-send');

    await server.start();
    const again = await RestClient.login(server.url, 'carol', 'carol-password-1');
    for (const n of [1, 2, 3]) await again.post(generalId, `after restart ${n}`);
    for (const { page } of [ana, bob]) {
      await page.locator('.chat[data-connection="online"]').waitFor({ timeout: 45_000 });
    }
    await ana.page.locator('.message.failed').getByRole('button', { name: 'Retry' }).click();
    await ana.page.locator('.message.own.sent', { hasText: 'written while offline' }).waitFor();
    await cy.post(generalId, 'after restart 4');

    const expected = [
      'Hello ana!',
      'Hi bob,\nhow are you?',
      XSS,
      'unread one',
      'unread two',
      'after restart 1',
      'after restart 2',
      'after restart 3',
      'written while offline',
      'after restart 4',
    ];
    const history = await again.call<{ messages: { content: string; seq: number }[] }>(
      'GET',
      `/api/rooms/${generalId}/messages?limit=100`,
    );
    expect(history.messages.map((m) => m.content)).toEqual(expected);
    for (const { page } of [ana, bob]) {
      await eventually(
        () => messageTexts(page),
        (texts) => texts.join('|') === expected.join('|'),
        20_000,
      );
      const seqs = await page
        .locator('.messages .message')
        .evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))));
      expect(seqs).toEqual(history.messages.map((m) => m.seq));
    }
    await screenshot(bob.page, '05-after-restart');
  });

  it("opens an author's profile from a message", async () => {
    await bob.page
      .locator('.message-meta')
      .getByRole('button', { name: 'Profile of ana' })
      .first()
      .click();
    await bob.page.getByRole('region', { name: 'Profile of ana' }).waitFor();
    expect(await bob.page.getByRole('button', { name: 'Save profile' }).count()).toBe(0);
    await bob.page.goBack();
    await bob.page.locator('.chat[data-connection="online"]').waitFor();
  });

  it('says so when a room does not exist', async () => {
    const page = await bob.context.newPage();
    await page.goto('/rooms/987654');
    await page.getByText('This room does not exist.').waitFor();
    await page.close();
  });

  it('fits a phone-sized screen', async () => {
    const phone = await openPerson(browser, server.url, { width: 390, height: 844 });
    await phone.page.goto('/');
    await logIn(phone.page, 'bob', 'bob-password-1');
    await openRoom(phone.page, 'general');
    await phone.page.locator('.message-text', { hasText: 'after restart 4' }).waitFor();
    await screenshot(phone.page, '06-phone-chat');
    await phone.page.getByRole('button', { name: /online: show who/ }).click();
    await onlineList(phone.page).getByRole('button', { name: 'Profile of ana' }).waitFor();
    await screenshot(phone.page, '06-phone-online');
    await phone.page.getByRole('button', { name: /online: hide who/ }).click();
    await phone.page.getByRole('button', { name: 'Back to rooms' }).click();
    await phone.page.getByRole('link', { name: /^Room general/ }).waitFor();
    await phone.context.close();
  });
});

function onlineList(page: Page) {
  return page.getByRole('complementary', { name: /^Online/ });
}
