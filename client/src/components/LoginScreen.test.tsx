import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from '../App';
import { Session } from '../session/session';

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

async function logIn(username: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Username'), username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Log in or sign up' }));
}

describe('LoginScreen', () => {
  beforeEach(() => render(<App session={new Session(undefined, undefined)} />));

  it('explains a wrong password', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(401, { statusCode: 401, message: 'Invalid credentials' })),
    );
    await logIn('ana', 'not-the-password');
    expect((await screen.findByRole('alert')).textContent).toMatch(/wrong password/i);
  });

  it('shows the server’s message naming the invalid field', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        answer(400, {
          statusCode: 400,
          message: ['username must not be a reserved name'],
          error: 'Bad Request',
        }),
      ),
    );
    await logIn('admin', 'long-enough');
    expect((await screen.findByRole('alert')).textContent).toMatch(
      'username must not be a reserved name',
    );
  });

  it('says when to try again after too many failures', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        answer(429, { statusCode: 429, message: 'Too Many Requests' }, { 'Retry-After': '600' }),
      ),
    );
    await logIn('ana', 'long-enough');
    expect((await screen.findByRole('alert')).textContent).toMatch('Try again in 10 minutes');
  });

  it('checks the username before asking the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await logIn('a b', 'long-enough');
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /username must be 3 to 32 characters/i,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says when the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await logIn('ana', 'long-enough');
    expect((await screen.findByRole('alert')).textContent).toMatch(/cannot reach the server/i);
  });
});
