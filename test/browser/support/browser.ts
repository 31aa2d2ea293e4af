import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { chromiumPath, screenshotDir } from './paths.js';

/** `extraArgs`: more Chromium switches, e.g. a fake microphone for the voice spec. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Dialogs (alert, confirm…) the page tried to open: an XSS would show up here. */
  dialogs: string[];
  /** Uncaught errors on the page. */
  errors: string[];
}

export async function openPerson(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 800 },
): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const page = await context.newPage();
  const person: Person = { context, page, dialogs: [], errors: [] };
  page.on('dialog', (dialog) => {
    person.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => person.errors.push(error.message));
  return person;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Logs in (or signs up) through the login screen and waits for the rooms list. */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in or sign up' }).click();
  await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
}

/** Opens a room from the sidebar, joining it first when it is only previewed. */
export async function openRoom(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(`^Room ${name}\\b`) }).click();
  const composer = page.getByRole('textbox', { name: 'Message' });
  const join = page.getByRole('button', { name: 'Join room' });
  await composer.or(join).first().waitFor();
  if (await join.isVisible()) await join.click();
  await composer.waitFor();
  await page.locator('.chat[data-connection="online"]').waitFor();
}

/** The texts of the messages on screen, top to bottom. */
export function messageTexts(page: Page): Promise<string[]> {
  return page.locator('.messages .message-text').allTextContents();
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
}

/** Polls until `check` holds, failing with what was last seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
