import { useState } from 'react';

import type { Room } from '../api/types';
import { navigate } from '../router';

/** Under a public room's history while previewing it: join to take part, as in Slack. */
export function JoinBar({
  room,
  name,
  onJoin,
}: {
  room: Room;
  name: string | null;
  onJoin: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join() {
    setBusy(true);
    try {
      await onJoin();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not join the room.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="join-bar" role="region" aria-label="Join this room">
      <p>
        You are previewing <strong>#{name ?? room.name}</strong>
        {room.memberCount > 0
          ? ` (${room.memberCount} ${room.memberCount === 1 ? 'member' : 'members'})`
          : ''}
        . Join to send messages.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button primary" onClick={() => void join()} disabled={busy}>
        Join room
      </button>
    </div>
  );
}

/** A room that cannot be shown, and why. */
export function RoomGone({ text }: { text: string }) {
  return (
    <section className="chat chat-gone" aria-label="Room unavailable">
      <p>{text}</p>
      <button type="button" className="button" onClick={() => navigate({ name: 'home' })}>
        Back to rooms
      </button>
    </section>
  );
}
