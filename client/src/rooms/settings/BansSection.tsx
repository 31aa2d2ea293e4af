import { useCallback, useEffect, useState } from 'react';

import type { Ban, Room } from '../../api/types';
import { fullTime } from '../../components/time';
import { useSession } from '../../session/SessionContext';
import { refusalText } from './errors';

/** Who is banned, by whom, and unbanning (owners and moderators). */
export function BansSection({ room, version }: { room: Room; version: number }) {
  const { api } = useSession();
  const [bans, setBans] = useState<Ban[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setBans(await api.bans(room.id));
      setError(null);
    } catch (caught) {
      setError(refusalText(caught, 'Could not load the bans.'));
    }
  }, [api, room.id]);

  useEffect(() => {
    void load();
  }, [load, version]);

  async function unban(userId: number) {
    try {
      await api.unban(room.id, userId);
      await load();
    } catch (caught) {
      setError(refusalText(caught, 'Could not unban them.'));
    }
  }

  return (
    <section className="settings-section" aria-labelledby="bans-title">
      <h3 id="bans-title" className="section-title">
        Banned
      </h3>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {bans && bans.length === 0 && <p className="muted">Nobody is banned.</p>}
      <ul className="member-list" aria-labelledby="bans-title">
        {bans?.map((ban) => {
          const name = ban.user.displayName || ban.user.username;
          return (
            <li key={ban.user.id} className="member">
              <span className="member-name">{name}</span>
              <span className="muted">
                by {ban.by ? ban.by.displayName || ban.by.username : 'someone'},{' '}
                {fullTime(ban.createdAt)}
              </span>
              <span className="member-actions">
                <button
                  type="button"
                  className="button small ghost"
                  aria-label={`Unban ${name}`}
                  onClick={() => void unban(ban.user.id)}
                >
                  Unban
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
