import type { Browser } from 'playwright-core';

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

// A strict socket rate limit, so the client's rate-limit handling shows.
const serverEnv = { MESSAGE_RATE: '1/s burst 2' };

async function skipReason(): Promise<string | null> {
  const missing = missingPrerequisite();
  if (missing) return missing;
  const probe = await ServerProcess.start(serverEnv);
  try {
    return (await socketEndpointAnswers(probe.url))
      ? null
      : 'the server does not answer the per-user socket WS /api/ws with a ready frame yet';
  } finally {
    await probe.dispose();
  }
}

const skip = await skipReason();
if (skip) console.warn(`Skipping the history browser specs: ${skip}`);

(skip ? describe.skip : describe)('long history and rate limits (browser)', () => {
  let server: ServerProcess;
  let browser: Browser;
  let eve: Person;
  let frank: RestClient;
  let archiveId: number;

  beforeAll(async () => {
    server = await ServerProcess.start(serverEnv);
    browser = await launchChromium();
    frank = await RestClient.login(server.url, 'frank', 'frank-password-1');
    archiveId = (await frank.call<{ id: number }>('POST', '/api/rooms', { name: 'archive' })).id;
    // MESSAGE_RATE holds for REST too: 60 people write the history, two messages each.
    for (let n = 1; n <= 120; n += 2) {
      const writer = await RestClient.login(server.url, `writer${n}`, 'writer-password-1');
      await writer.call('PUT', `/api/rooms/${archiveId}/members/me`);
      await writer.post(archiveId, `m${n}`);
      await writer.post(archiveId, `m${n + 1}`);
    }
    eve = await openPerson(browser, server.url);
    await eve.page.goto('/');
    await logIn(eve.page, 'eve', 'eve-password-1');
    await openRoom(eve.page, 'archive');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows the newest page first and loads older ones on scrolling up', async () => {
    const first = await eventually(
      () => messageTexts(eve.page),
      (texts) => texts.at(-1) === 'm120',
    );
    expect(first.length).toBeLessThan(120);
    const all = Array.from({ length: 120 }, (_, i) => `m${i + 1}`);
    // The list is virtualised: only what is on screen is in the page, so collect the
    // messages by seq while scrolling up, half a screen at a time.
    const seen = new Map<number, string>();
    await eventually(
      async () => {
        await eve.page
          .locator('.messages')
          .evaluate((list) => list.scrollBy({ top: -list.clientHeight / 2 }));
        const rows = await eve.page
          .locator('.messages [data-seq]')
          .evaluateAll((elements) =>
            elements.map((element) => [
              Number(element.getAttribute('data-seq')),
              element.querySelector('.message-text')?.textContent ?? '',
            ]),
          );
        for (const [seq, text] of rows) seen.set(seq as number, text as string);
        return seen.size;
      },
      (size) => size >= 120,
      30_000,
    );
    expect([...seen].sort(([a], [b]) => a - b).map(([, text]) => text)).toEqual(all);
    await eve.page.getByText('This is the beginning of the room.').waitFor();
  });

  it('offers a jump to new messages that arrive while reading older ones', async () => {
    await frank.post(archiveId, 'm121');
    await eve.page.getByRole('button', { name: 'New messages ↓' }).click();
    await eve.page.getByText('m121', { exact: true }).waitFor();
    await eve.page.getByRole('button', { name: 'New messages ↓' }).waitFor({ state: 'detached' });
  });

  it('waits out the rate limit and sends each message once', async () => {
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const text of texts) await sendMessage(eve.page, text);
    await eve.page.getByText('Sending too fast: waiting a moment…').first().waitFor();
    await screenshot(eve.page, '07-rate-limited');
    await eve.page
      .locator('.message.own:not(.sent)')
      .first()
      .waitFor({ state: 'detached', timeout: 20_000 });
    const history = await frank.call<{ messages: { content: string }[] }>(
      'GET',
      `/api/rooms/${archiveId}/messages?after=121&limit=100`,
    );
    expect(history.messages.map((m) => m.content).sort()).toEqual([...texts].sort());
    const shown = (await messageTexts(eve.page)).slice(-texts.length);
    expect(shown).toEqual(history.messages.map((m) => m.content));
    expect(eve.dialogs).toEqual([]);
    expect(eve.errors).toEqual([]);
  });
});
