import { type FormEvent, useId, useState } from 'react';

import { useSession } from '../session/SessionContext';
import { loginErrorText, validateCredentials } from './loginMessages';

export function LoginScreen({ notice }: { notice: string | null }) {
  const { session } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const invalid = validateCredentials(username.trim(), password);
    if (invalid) return setError(invalid);
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
    } catch (caught) {
      setError(loginErrorText(caught, username.trim()));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form
        className="login-card"
        onSubmit={submit}
        noValidate
        aria-describedby={error ? errorId : undefined}
      >
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark" />
          Fadmann
        </div>
        <h1>Log in or sign up</h1>
        <p className="muted">New username? Your account is created with the password you choose.</p>
        {notice && !error && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label className="field">
          <span>Username</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={error ? true : undefined}
            autoFocus
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
        {error && (
          <p className="form-error" role="alert" id={errorId}>
            {error}
          </p>
        )}
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in or sign up'}
        </button>
      </form>
    </main>
  );
}
