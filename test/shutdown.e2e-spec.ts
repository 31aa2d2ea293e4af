import { request as httpRequest } from 'node:http';

import { jest } from '@jest/globals';

import { ServerProcess } from './browser/support/server.js';

jest.setTimeout(60_000);

interface Sent {
  /** Resolves once the request is written on a connected socket. */
  written: Promise<void>;
  /** The status, or the error the client saw (a reset, a refusal). */
  answer: Promise<number | string>;
}

/** One request on its own connection, so that "sent" means the server has it. */
function send(url: string, method: string, body?: object, token?: string): Sent {
  let markWritten!: () => void;
  const written = new Promise<void>((resolve) => (markWritten = resolve));
  const answer = new Promise<number | string>((resolve) => {
    const request = httpRequest(url, {
      method,
      agent: false,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.on('socket', (socket) => socket.once('connect', () => setImmediate(markWritten)));
    request.end(body ? JSON.stringify(body) : undefined);
  });
  return { written, answer };
}

/** SIGTERM on the real process (`node dist/main.js`), as systemd or an orchestrator sends it. */
describe('shutdown on SIGTERM', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await ServerProcess.start({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      LOG_LEVEL: 'info',
    });
  });

  afterAll(() => server.dispose());

  it('answers every request in flight, then exits with status 0', async () => {
    const login = (username: string) =>
      send(`${server.url}/api/auth/login`, 'POST', { username, password: 'correct horse' });
    const first = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ada', password: 'correct horse' }),
    });
    const { accessToken } = (await first.json()) as { accessToken: string };
    // Password hashing keeps logins in flight for a while (a few at a time on libuv's pool).
    const sent = [
      ...Array.from({ length: 24 }, (_, i) => login(`user${i}`)),
      ...Array.from({ length: 8 }, () =>
        send(`${server.url}/api/rooms`, 'GET', undefined, accessToken),
      ),
    ];
    await Promise.all(sent.map((request) => request.written));
    const exit = server.signal('SIGTERM');
    const answers = await Promise.all(sent.map((request) => request.answer));
    expect(answers.filter((answer) => answer !== 200 && answer !== 201)).toEqual([]);
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(server.log()).toMatch(/"context":"Shutdown","msg":"Stopped"/);
    expect(server.log()).not.toMatch(/unanswered/);
  });

  it('refuses new connections once stopped', async () => {
    const after = send(`${server.url}/api/health`, 'GET');
    expect(await after.answer).toBe('ECONNREFUSED');
  });
});
