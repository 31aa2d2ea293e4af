import { useEffect, useMemo, useState } from 'react';

import type { Member, Room } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { useRoomsStore } from '../RoomsContext';
import { refusalText } from './errors';
import { knownPeople, matchesPerson, ROOMS_ASKED, typedUserId } from './knownPeople';

/**
 * Adds someone to the room (POST /api/rooms/:id/members). There is no user search, so the
 * choice is among people of the rooms the user shares, or a typed user id.
 */
export function InviteSection({
  room,
  members,
  onAdded,
}: {
  room: Room;
  members: Member[];
  onAdded: () => void;
}) {
  const { api } = useSession();
  const { rooms } = useRoomsStore();
  const [query, setQuery] = useState('');
  const [lists, setLists] = useState<Member[][]>([]);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);

  const sources = useMemo(
    () => (rooms ?? []).filter((r) => r.joined && r.id !== room.id && r.kind !== 'direct'),
    [rooms, room.id],
  );
  const sourceIds = sources
    .slice(0, ROOMS_ASKED)
    .map((r) => r.id)
    .join(',');
  useEffect(() => {
    let current = true;
    const ids = sourceIds ? sourceIds.split(',').map(Number) : [];
    void Promise.all(ids.map((id) => api.members(id).catch(() => []))).then(
      (found) => current && setLists(found),
    );
    return () => {
      current = false;
    };
  }, [api, sourceIds]);

  const exclude = useMemo(() => new Set(members.map((m) => m.id)), [members]);
  const people = knownPeople(lists, rooms ?? [], exclude).filter((p) => matchesPerson(p, query));
  const typedId = typedUserId(query);

  async function add(userId: number, name: string) {
    try {
      await api.addMember(room.id, userId);
      setNote({ text: `${name} was added.`, error: false });
      setQuery('');
      onAdded();
    } catch (caught) {
      setNote({ text: refusalText(caught, `Could not add ${name}.`), error: true });
    }
  }

  return (
    <section className="settings-section" aria-labelledby="invite-title">
      <h3 id="invite-title" className="section-title">
        Add people
      </h3>
      <label className="field">
        <span>Name or user id</span>
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Someone from your rooms, or a user id"
        />
      </label>
      {note && (
        <p className={note.error ? 'form-error' : 'muted'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      <ul className="member-list" aria-label="People to add">
        {typedId !== null && !exclude.has(typedId) && (
          <li className="member">
            <span className="member-name">User #{typedId}</span>
            <span className="member-actions">
              <button
                type="button"
                className="button small"
                onClick={() => void add(typedId, `User #${typedId}`)}
              >
                Add user #{typedId}
              </button>
            </span>
          </li>
        )}
        {people.slice(0, 20).map((p) => {
          const name = p.displayName || p.username;
          return (
            <li key={p.id} className="member">
              <span className="member-name">{name}</span>
              <span className="muted member-username">@{p.username}</span>
              <span className="member-actions">
                <button
                  type="button"
                  className="button small"
                  aria-label={`Add ${name}`}
                  onClick={() => void add(p.id, name)}
                >
                  Add
                </button>
              </span>
            </li>
          );
        })}
        {people.length === 0 && typedId === null && (
          <li className="muted">
            Nobody else from your rooms. Type a user id (shown on profiles).
          </li>
        )}
      </ul>
    </section>
  );
}
