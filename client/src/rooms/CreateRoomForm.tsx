import { type FormEvent, useState } from 'react';

import { ApiError } from '../api/http';
import type { Room } from '../api/types';
import { useSession } from '../session/SessionContext';

export function createRoomErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 409)
    return 'A room with that name already exists.';
  if (error instanceof ApiError && error.status === 400)
    return `Please check the room: ${error.message}`;
  return error instanceof Error ? error.message : 'Could not create the room.';
}

export function CreateRoomForm({ onCreated }: { onCreated: (room: Room) => void }) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 64) return setError('A room name has 1 to 64 characters.');
    setBusy(true);
    try {
      const room = await api.createRoom(trimmed, description.trim() || undefined, isPrivate);
      onCreated({ ...room, joined: true });
      setName('');
      setDescription('');
      setPrivate(false);
      setError(null);
      setOpen(false);
    } catch (caught) {
      setError(createRoomErrorText(caught));
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button new-room" onClick={() => setOpen(true)}>
        + New room
      </button>
    );
  }

  return (
    <form className="create-room" onSubmit={submit} aria-label="Create a room" noValidate>
      <label className="field">
        <span>Room name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={64} autoFocus />
      </label>
      <label className="field">
        <span>Description (optional)</span>
        <input
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={500}
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
        <span>Private: only people you add can find and read it</span>
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          Create room
        </button>
      </div>
    </form>
  );
}
