import { type FormEvent, useState } from 'react';

import { ApiError } from '../api/http';
import type { Profile, ProfileUpdate } from '../api/types';
import { useSession } from '../session/SessionContext';
import { safeAvatarUrl } from './avatarUrl';

/** Checks the form against the contract; answers the update to send or an error. */
export function profileUpdate(
  displayName: string,
  bio: string,
  avatarUrl: string,
): ProfileUpdate | string {
  const name = displayName.trim();
  if (name.length < 1 || name.length > 64) return 'Display name must be 1 to 64 characters.';
  if (bio.length > 500) return 'Bio must be at most 500 characters.';
  const url = avatarUrl.trim();
  if (url && !safeAvatarUrl(url)) return 'Avatar URL must start with http:// or https://.';
  return { displayName: name, bio, avatarUrl: url || null };
}

export function ProfileForm({
  profile,
  onSaved,
}: {
  profile: Profile;
  onSaved: (p: Profile) => void;
}) {
  const { api } = useSession();
  const [displayName, setDisplayName] = useState(profile.displayName ?? profile.username);
  const [bio, setBio] = useState(profile.bio ?? '');
  const [avatarUrl, setAvatarUrl] = useState(profile.avatarUrl ?? '');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const update = profileUpdate(displayName, bio, avatarUrl);
    if (typeof update === 'string') return setMessage({ error: true, text: update });
    setBusy(true);
    try {
      onSaved(await api.updateProfile(profile.id, update));
      setMessage({ error: false, text: 'Profile saved.' });
    } catch (caught) {
      const text =
        caught instanceof ApiError && caught.status === 400
          ? `Please check your input: ${caught.message}`
          : caught instanceof Error
            ? caught.message
            : 'Could not save the profile.';
      setMessage({ error: true, text });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="profile-form" onSubmit={submit} noValidate>
      <label className="field">
        <span>Display name</span>
        <input
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          maxLength={64}
        />
      </label>
      <label className="field">
        <span>Bio</span>
        <textarea value={bio} onChange={(e) => setBio(e.target.value)} maxLength={500} rows={4} />
        <small className="muted">{bio.length} / 500</small>
      </label>
      <label className="field">
        <span>Avatar URL</span>
        <input
          type="url"
          inputMode="url"
          placeholder="https://…"
          value={avatarUrl}
          onChange={(e) => setAvatarUrl(e.target.value)}
        />
      </label>
      {message && (
        <p
          className={message.error ? 'form-error' : 'form-ok'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save profile'}
        </button>
      </div>
    </form>
  );
}
