import { type FormEvent, useState } from 'react';

import type { Room } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { useRoomsStore } from '../RoomsContext';
import { refusalText } from './errors';

/** Rename the room or change its description (owners and moderators; PATCH /api/rooms/:id). */
export function AboutSection({ room }: { room: Room }) {
  const { api } = useSession();
  const { update } = useRoomsStore();
  const [name, setName] = useState(room.name ?? '');
  const [description, setDescription] = useState(room.description);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 64)
      return setNote({ text: 'A room name has 1 to 64 characters.', error: true });
    setBusy(true);
    try {
      const saved = await api.updateRoom(room.id, {
        name: trimmed,
        description: description.trim(),
      });
      update(room.id, (r) => ({ ...r, name: saved.name, description: saved.description }));
      setNote({ text: 'Saved.', error: false });
    } catch (caught) {
      setNote({ text: refusalText(caught, 'Could not save the room.'), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="settings-section" onSubmit={save} aria-label="Room name and description">
      <label className="field">
        <span>Room name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} />
      </label>
      <label className="field">
        <span>Description</span>
        <input
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={500}
        />
      </label>
      {note && (
        <p className={note.error ? 'form-error' : 'muted'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      <button type="submit" className="button small primary" disabled={busy}>
        Save
      </button>
    </form>
  );
}
