import { useState } from 'react';

import type { Member, Room } from '../../api/types';
import { navigate } from '../../router';
import { useCurrentUser, useSession } from '../../session/SessionContext';
import { canRemove, canSetRole, ROLE_LABELS } from '../permissions';
import { useStartDirect } from '../RoomsContext';
import { refusalText } from './errors';

/** The members with their roles; direct messages, and moderation for those who may. */
export function MembersSection({
  room,
  members,
  onChanged,
}: {
  room: Room;
  members: Member[];
  onChanged: () => void;
}) {
  const { api } = useSession();
  const me = useCurrentUser();
  const startDirect = useStartDirect();
  const [error, setError] = useState<string | null>(null);
  const mine = room.role;

  async function run(action: () => Promise<unknown>, fallback: string) {
    try {
      await action();
      setError(null);
      onChanged();
    } catch (caught) {
      setError(refusalText(caught, fallback));
    }
  }

  const sorted = [...members].sort(
    (a, b) =>
      rank(a.role) - rank(b.role) ||
      (a.displayName || a.username).localeCompare(b.displayName || b.username),
  );

  return (
    <section className="settings-section" aria-labelledby="members-title">
      <h3 id="members-title" className="section-title">
        Members — {members.length}
      </h3>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul className="member-list" aria-labelledby="members-title">
        {sorted.map((m) => {
          const name = m.displayName || m.username;
          const self = m.id === me.id;
          return (
            <li key={m.id} className="member" aria-label={`${name}, ${ROLE_LABELS[m.role]}`}>
              <button
                type="button"
                className="link-button member-name"
                onClick={() => navigate({ name: 'profile', userId: m.id })}
              >
                {name}
              </button>
              <span className="muted member-username">@{m.username}</span>
              {m.role !== 'member' && <span className="role-badge">{ROLE_LABELS[m.role]}</span>}
              {self && <span className="muted">you</span>}
              <span className="member-actions">
                {!self && room.kind !== 'direct' && (
                  <button
                    type="button"
                    className="button small ghost"
                    aria-label={`Message ${name}`}
                    onClick={() =>
                      void startDirect(m.id).catch((c: unknown) =>
                        setError(refusalText(c, 'Could not open a direct message.')),
                      )
                    }
                  >
                    Message
                  </button>
                )}
                {!self && canSetRole(mine, m.role) && (
                  <button
                    type="button"
                    className="button small ghost"
                    onClick={() =>
                      void run(
                        () =>
                          api.setRole(
                            room.id,
                            m.id,
                            m.role === 'moderator' ? 'member' : 'moderator',
                          ),
                        'Could not change the role.',
                      )
                    }
                  >
                    {m.role === 'moderator' ? 'Remove moderator' : 'Make moderator'}
                  </button>
                )}
                {!self && room.kind !== 'direct' && canRemove(mine, m.role) && (
                  <>
                    <button
                      type="button"
                      className="button small ghost"
                      aria-label={`Remove ${name} from the room`}
                      onClick={() =>
                        void run(() => api.removeMember(room.id, m.id), 'Could not remove them.')
                      }
                    >
                      Remove
                    </button>
                    <button
                      type="button"
                      className="button small ghost danger"
                      aria-label={`Ban ${name}`}
                      onClick={() => void run(() => api.ban(room.id, m.id), 'Could not ban them.')}
                    >
                      Ban
                    </button>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function rank(role: Member['role']): number {
  return role === 'owner' ? 0 : role === 'moderator' ? 1 : 2;
}
