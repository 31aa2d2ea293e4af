import { useState } from 'react';

import type { NotifyLevel, Room } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { useRoomsStore } from '../RoomsContext';
import { refusalText } from './errors';

const LEVELS: { level: NotifyLevel; label: string }[] = [
  { level: 'all', label: 'Every message' },
  { level: 'mentions', label: 'Mentions and replies only' },
  { level: 'none', label: 'Nothing (muted)' },
];

/** The caller's notification level for the room (PUT /api/rooms/:id/notify). */
export function NotifySection({ room }: { room: Room }) {
  const { api } = useSession();
  const { setNotify } = useRoomsStore();
  const [error, setError] = useState<string | null>(null);

  async function choose(level: NotifyLevel) {
    const before = room.notifyLevel;
    setNotify(room.id, level);
    try {
      const answer = await api.setNotifyLevel(room.id, level);
      setNotify(room.id, answer.level);
      setError(null);
    } catch (caught) {
      setNotify(room.id, before);
      setError(refusalText(caught, 'Could not change the notifications.'));
    }
  }

  return (
    <section className="settings-section" aria-labelledby="notify-title">
      <h3 id="notify-title" className="section-title">
        Notify me about
      </h3>
      <label className="field">
        <span className="visually-hidden">Notifications for this room</span>
        <select
          aria-label="Notifications for this room"
          value={room.notifyLevel}
          onChange={(e) => void choose(e.target.value as NotifyLevel)}
        >
          {LEVELS.map(({ level, label }) => (
            <option key={level} value={level}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
