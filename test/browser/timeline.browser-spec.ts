import type { Browser, Locator, Page } from 'playwright-core';

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
import { socketEndpointAnswers } from './support/rest.js';
import { ServerProcess } from './support/server.js';

const IMAGE_URL = 'http://127.0.0.1:9/x.png';
const MARKDOWN =
  '**bold** `code` [link](https://example.com) <script>alert(1)</script> ' + `![x](${IMAGE_URL})`;

// Decided at load time, as in chat.browser-spec.ts: without a browser, a build or the room
// socket nothing here can run.
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
if (skip) console.warn(`Skipping the timeline browser specs: ${skip}`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The newest message whose rendered text is exactly `text` (a reply's quote does not count). */
function messageWithText(page: Page, text: string): Locator {
  const content = page.locator('.markdown', { hasText: new RegExp(`^${escapeRegExp(text)}$`) });
  return page.locator('[data-message-id]').filter({ has: content }).last();
}

function messageById(page: Page, id: string): Locator {
  return page.locator(`[data-message-id="${id}"]`);
}

async function idOf(message: Locator): Promise<string> {
  await message.waitFor();
  const id = await message.getAttribute('data-message-id');
  if (!id) throw new Error('a message without data-message-id');
  return id;
}

/** The actions show on hover: hover the message, then press the action. */
async function act(message: Locator, action: string): Promise<void> {
  await message.hover();
  await message.getByRole('button', { name: action, exact: true }).click();
}

function composer(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Message' });
}

(skip ? describe.skip : describe)('the timeline between two browsers', () => {
  let server: ServerProcess;
  let browser: Browser;
  let ana: Person;
  let bob: Person;
  const imageRequests: string[] = [];

  beforeAll(async () => {
    server = await ServerProcess.start();
    browser = await launchChromium();
    ana = await openPerson(browser, server.url);
    bob = await openPerson(browser, server.url);
    for (const person of [ana, bob]) {
      person.page.on('request', (request) => {
        if (request.url().startsWith(IMAGE_URL)) imageRequests.push(request.url());
      });
    }
    // Bob enters first, so he is a member when Ana's room (and its member list) loads.
    for (const [person, name] of [
      [bob, 'bob'],
      [ana, 'ana'],
    ] as const) {
      await person.page.goto('/');
      await logIn(person.page, name, `${name}-password-1`);
      await openRoom(person.page, 'general');
    }
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

  it('shows a reaction to the author as a chip, live', async () => {
    await sendMessage(ana.page, 'Timeline one');
    const bobsView = messageWithText(bob.page, 'Timeline one');
    await act(bobsView, 'React');
    await bob.page.getByRole('button', { name: 'React with 👍' }).click();

    const anasChip = messageWithText(ana.page, 'Timeline one').getByRole('button', {
      name: '👍 1',
    });
    await anasChip.waitFor();
    expect(await anasChip.getAttribute('aria-pressed')).toBe('false');
    const bobsChip = bobsView.getByRole('button', { name: '👍 1' });
    await eventually(
      () => bobsChip.getAttribute('aria-pressed'),
      (pressed) => pressed === 'true',
    );
    await screenshot(ana.page, '08-timeline-reaction');
  });

  it('reacts with any emoji through the full picker (Emojibase served by Fadmann)', async () => {
    const bobsView = messageWithText(bob.page, 'Timeline one');
    await act(bobsView, 'React');
    await bob.page.getByRole('button', { name: 'More reactions' }).click();
    const picker = bob.page.getByRole('dialog', { name: 'Emoji picker' });
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('hedgehog');
    await screenshot(bob.page, '08-timeline-emoji-picker');
    // Not in the built-in fallback set: only the full data served at /emojibase has it.
    await picker.getByRole('gridcell', { name: 'Hedgehog' }).click();
    await picker.waitFor({ state: 'detached' });

    const anasView = messageWithText(ana.page, 'Timeline one');
    await anasView.getByRole('button', { name: '🦔 1' }).waitFor();
    await anasView.getByRole('button', { name: '👍 1' }).waitFor();
  });

  it('quotes the message answered, and the quote leads back to it', async () => {
    const original = messageWithText(ana.page, 'Timeline one');
    await act(original, 'Reply');
    await ana.page.getByText(/Replying to/).waitFor();
    await screenshot(ana.page, '08-timeline-replying');
    await sendMessage(ana.page, 'Timeline reply');
    await ana.page.getByText(/Replying to/).waitFor({ state: 'detached' });

    const reply = messageWithText(bob.page, 'Timeline reply');
    const quote = reply.locator('.reply-quote');
    await quote.waitFor();
    expect(await quote.textContent()).toContain('Timeline one');
    const originalId = await idOf(messageWithText(bob.page, 'Timeline one'));
    await quote.click();
    await eventually(
      () => messageById(bob.page, originalId).getAttribute('class'),
      (classes) => /\bhighlighted\b/.test(classes ?? ''),
    );
    await screenshot(bob.page, '08-timeline-reply');
  });

  it('edits through the Edit action, and shows the new text and "(edited)" to others', async () => {
    const id = await idOf(messageWithText(ana.page, 'Timeline reply'));
    await act(messageById(ana.page, id), 'Edit');
    await ana.page.getByText('Editing message').waitFor();
    expect(await composer(ana.page).inputValue()).toBe('Timeline reply');
    await composer(ana.page).fill('Timeline reply, edited');
    await composer(ana.page).press('Enter');

    const bobsView = messageById(bob.page, id);
    await bobsView.locator('.markdown', { hasText: /^Timeline reply, edited$/ }).waitFor();
    await bobsView.getByText('(edited)').waitFor();
    await ana.page.getByText('Editing message').waitFor({ state: 'detached' });
    expect(await composer(ana.page).inputValue()).toBe('');
  });

  it('edits the last own message with Up-arrow in the empty composer', async () => {
    await sendMessage(ana.page, 'Timeline two');
    const id = await idOf(messageWithText(ana.page, 'Timeline two'));
    await ana.page.locator(`.message.own.sent[data-message-id="${id}"]`).waitFor();
    await composer(ana.page).press('ArrowUp');
    await ana.page.getByText('Editing message').waitFor();
    expect(await composer(ana.page).inputValue()).toBe('Timeline two');
    await composer(ana.page).fill('Timeline two, edited');
    await composer(ana.page).press('Enter');

    const bobsView = messageById(bob.page, id);
    await bobsView.locator('.markdown', { hasText: /^Timeline two, edited$/ }).waitFor();
    await bobsView.getByText('(edited)').waitFor();
    await screenshot(bob.page, '08-timeline-edited');
  });

  it('leaves a tombstone where a message was deleted', async () => {
    const id = await idOf(messageWithText(ana.page, 'Timeline two, edited'));
    await act(messageById(ana.page, id), 'Delete');
    await ana.page
      .getByRole('alertdialog', { name: 'Delete this message?' })
      .getByRole('button', { name: 'Yes, delete' })
      .click();

    const bobsView = messageById(bob.page, id);
    await bobsView.getByText('message deleted').waitFor();
    expect(await bobsView.locator('.markdown').count()).toBe(0);
    expect(await bobsView.textContent()).not.toContain('Timeline two');
    await screenshot(bob.page, '08-timeline-deleted');
  });

  it('renders Markdown, keeping markup and images as text', async () => {
    await sendMessage(ana.page, MARKDOWN);
    for (const { page } of [ana, bob]) {
      const message = page
        .locator('[data-message-id]')
        .filter({ has: page.locator('.markdown strong', { hasText: 'bold' }) })
        .last();
      await message.waitFor();
      const content = message.locator('.markdown');
      expect(await content.locator('strong').textContent()).toBe('bold');
      expect(await content.locator('code').textContent()).toBe('code');
      const link = content.getByRole('link', { name: 'link' });
      expect(await link.getAttribute('href')).toBe('https://example.com');
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toContain('noopener');
      const text = await content.textContent();
      expect(text).toContain('<script>alert(1)</script>');
      expect(text).toContain(`![x](${IMAGE_URL})`);
      expect(await content.locator('img, script').count()).toBe(0);
    }
    expect(imageRequests).toEqual([]);
    await screenshot(bob.page, '08-timeline-markdown');
  });

  it('completes an @mention from the member list and highlights it for the one named', async () => {
    const box = composer(ana.page);
    await box.click();
    await box.pressSequentially('hey @bo', { delay: 20 });
    const list = ana.page.getByRole('listbox', { name: 'Mentions' });
    await list.waitFor();
    await screenshot(ana.page, '08-timeline-mention-list');
    await list.getByRole('option', { name: /^@bob\b/ }).click();
    expect(await box.inputValue()).toBe('hey @bob ');
    await list.waitFor({ state: 'detached' });
    await box.pressSequentially('look at this');
    await box.press('Enter');

    const bobsView = messageWithText(bob.page, 'hey @bob look at this');
    const chip = bobsView.locator('.mention.mention-me');
    await chip.waitFor();
    expect(await chip.textContent()).toBe('@bob');
    const anasChip = messageWithText(ana.page, 'hey @bob look at this').locator('.mention');
    await anasChip.waitFor();
    expect(await anasChip.getAttribute('class')).not.toContain('mention-me');
    await screenshot(bob.page, '08-timeline-mention');
  });
});
