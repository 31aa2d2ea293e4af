import { useEffect, useState } from 'react';

import type { Profile } from '../api/types';
import { Avatar } from '../components/Avatar';
import { fullTime } from '../components/time';
import { navigate } from '../router';
import { useStartDirect } from '../rooms/RoomsContext';
import { useCurrentUser, useSession } from '../session/SessionContext';
import { ProfileForm } from './ProfileForm';

export function ProfileView({ userId }: { userId: number }) {
  const { api, session } = useSession();
  const me = useCurrentUser();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const own = me.id === userId;

  useEffect(() => {
    let current = true;
    api.profile(userId).then(
      (loaded) => current && setProfile(loaded),
      (caught: unknown) =>
        current &&
        setError(caught instanceof Error ? caught.message : 'Could not load the profile.'),
    );
    return () => {
      current = false;
    };
  }, [api, userId]);

  const name = profile ? profile.displayName || profile.username : '';

  return (
    <section className="profile" aria-label={own ? 'Your profile' : `Profile of ${name}`}>
      <header className="chat-header">
        <button
          type="button"
          className="button ghost back always"
          onClick={() =>
            window.history.length > 1 ? window.history.back() : navigate({ name: 'home' })
          }
          aria-label="Back"
        >
          ←
        </button>
        <div className="chat-title">
          <h1>{own ? 'Your profile' : 'Profile'}</h1>
        </div>
      </header>
      <div className="profile-body">
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {!profile && !error && <p className="muted">Loading…</p>}
        {profile && (
          <div className="profile-card">
            <div className="profile-head">
              <Avatar name={name} userId={profile.id} url={profile.avatarUrl} size="large" />
              <div>
                <h2 className="profile-name">{name}</h2>
                <p className="muted">@{profile.username}</p>
              </div>
            </div>
            {own ? (
              <ProfileForm
                profile={profile}
                onSaved={(saved) => {
                  setProfile(saved);
                  session.setUser({
                    id: saved.id,
                    username: saved.username,
                    displayName: saved.displayName,
                  });
                }}
              />
            ) : (
              <>
                <StartDirect userId={profile.id} name={name} />
                <ProfileDetails profile={profile} />
              </>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

function StartDirect({ userId, name }: { userId: number; name: string }) {
  const startDirect = useStartDirect();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function start() {
    setBusy(true);
    try {
      await startDirect(userId);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not open a direct message.');
      setBusy(false);
    }
  }
  return (
    <div className="profile-actions">
      <button type="button" className="button primary" onClick={() => void start()} disabled={busy}>
        Send {name} a message
      </button>
      <span className="muted">User id {userId}</span>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function ProfileDetails({ profile }: { profile: Profile }) {
  return (
    <dl className="profile-details">
      <dt>About</dt>
      <dd className="profile-bio">
        {profile.bio || <span className="muted">Nothing here yet.</span>}
      </dd>
      <dt>Member since</dt>
      <dd>{fullTime(profile.createdAt)}</dd>
      {profile.lastSeenAt && (
        <>
          <dt>Last seen</dt>
          <dd>{fullTime(profile.lastSeenAt)}</dd>
        </>
      )}
    </dl>
  );
}
