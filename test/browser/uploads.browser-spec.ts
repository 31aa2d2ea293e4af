import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Locator } from 'playwright-core';
import sharp from 'sharp';

import {
  eventually,
  launchChromium,
  logIn,
  openPerson,
  openRoom,
  type Person,
  screenshot,
} from './support/browser.js';
import { missingPrerequisite } from './support/paths.js';
import { ServerProcess } from './support/server.js';

// Decided at load time, as in the other browser specs: without a browser or a build
// nothing here can run.
const skip = missingPrerequisite();
if (skip) console.warn(`Skipping the uploads browser specs: ${skip}`);

/** Chromium's fake microphone (a beep), and its permission prompt answered "allow". */
const FAKE_MICROPHONE = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

// A page expression as a string: this project's TypeScript has no DOM types.
const AUDIO_TIMES = `[...document.querySelectorAll('audio')].map((audio) => audio.currentTime)`;

/** A 640 x 480 PNG of two colours, made here with sharp. */
function photo(): Promise<Buffer> {
  const half = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="480"><rect width="320" height="480" fill="#2a7"/></svg>`,
  );
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#c53' } })
    .composite([{ input: half, left: 320, top: 0 }])
    .png()
    .toBuffer();
}

(skip ? describe.skip : describe)('uploads and voice messages between two browsers', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'fadmann-browser-uploads-'));
    server = await ServerProcess.start({ UPLOAD_DIR: uploadDir });
    browser = await launchChromium(FAKE_MICROPHONE);
    alice = await openPerson(browser, server.url);
    bob = await openPerson(browser, server.url);
    await alice.context.grantPermissions(['microphone'], { origin: server.url });
    for (const [person, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      await person.page.goto('/');
      await logIn(person.page, name, `${name}-password-1`);
      await openRoom(person.page, 'general');
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
  });

  afterEach(() => {
    for (const person of [alice, bob]) {
      expect(person?.dialogs ?? []).toEqual([]);
      expect(person?.errors ?? []).toEqual([]);
    }
  });

  it('sends an image chosen with the file chooser; the other person sees it inline and in the viewer', async () => {
    const chooser = alice.page.waitForEvent('filechooser');
    await alice.page.getByRole('button', { name: 'Attach files' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: await photo(),
    });
    await alice.page.getByText('photo.png').first().waitFor();
    // Enabled once the upload has finished (no text needed).
    await alice.page.getByRole('button', { name: 'Send', exact: true }).click();

    const open = bob.page.getByRole('button', { name: 'Open photo.png' });
    await open.waitFor();
    const inline = open.getByRole('img', { name: 'photo.png' });
    await eventually(
      () => loadedWidth(inline),
      (width) => width > 0,
    );
    await screenshot(bob.page, '40-image-inline');

    await open.click();
    const viewer = bob.page.getByRole('dialog', { name: 'Image viewer' });
    await viewer.waitFor();
    const full = viewer.getByRole('img').first();
    // The full image, not the thumbnail of at most 400 px.
    expect(
      await eventually(
        () => loadedWidth(full),
        (width) => width > 0,
      ),
    ).toBe(640);
    await screenshot(bob.page, '41-image-viewer');
    await viewer.getByRole('button', { name: 'Close' }).click();
    await viewer.waitFor({ state: 'detached' });

    await open.click();
    await viewer.waitFor();
    await bob.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('records a voice message with the microphone; the other person plays it', async () => {
    await alice.page.getByRole('button', { name: 'Record a voice message' }).click();
    const sendVoice = alice.page.getByRole('button', { name: 'Send voice message' });
    await sendVoice.waitFor();
    await alice.page.getByRole('button', { name: 'Cancel recording' }).waitFor();
    // The running time reaches 0:02: about two seconds recorded.
    await alice.page.getByText(/^0:0[2-9]$/).waitFor({ timeout: 10_000 });
    await screenshot(alice.page, '42-voice-recording');
    await sendVoice.click();

    const play = bob.page.getByRole('button', { name: 'Play voice message' });
    await play.waitFor({ timeout: 20_000 });
    const seek = bob.page.getByRole('slider', { name: 'Seek' });
    await seek.waitFor();
    expect(await valueNow(seek)).toBe(0);
    // Its duration as m:ss, about the two seconds recorded.
    await bob.page
      .getByText(/^0:0[1-4]$/)
      .first()
      .waitFor();
    await screenshot(bob.page, '43-voice-player');

    await play.click();
    await bob.page.getByRole('button', { name: 'Pause voice message' }).waitFor();
    // Playing: the slider moves on (or, read directly, the audio element's time).
    await eventually(
      async () => ({
        seek: await valueNow(seek),
        audio: (await bob.page.evaluate(AUDIO_TIMES)) as number[],
      }),
      (now) => now.seek > 0 || now.audio.some((t) => t > 0),
      10_000,
    );
  });
});

/** The image's natural width once loaded, else 0. */
function loadedWidth(img: Locator): Promise<number> {
  return img.evaluate((el: { complete: boolean; naturalWidth: number }) =>
    el.complete ? el.naturalWidth : 0,
  );
}

async function valueNow(slider: Locator): Promise<number> {
  return Number((await slider.getAttribute('aria-valuenow')) ?? 'NaN');
}
