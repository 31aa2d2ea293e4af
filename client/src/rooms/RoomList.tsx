import { useState } from 'react';

import type { Room } from '../api/types';
import { navigate } from '../router';
import { useSession } from '../session/SessionContext';
import { RoomListItem } from './RoomListItem';
import type { RoomsStore } from './useRooms';

export function RoomList({
  rooms,
  activeRoomId,
}: {
  rooms: RoomsStore;
  activeRoomId: number | null;
}) {
  const { api } = useSession();
  const [joinError, setJoinError] = useState<string | null>(null);

  if (!rooms.rooms) {
    return (
      <p className="sidebar-note muted" role="status">
        {rooms.error ?? 'Loading rooms…'}
      </p>
    );
  }

  async function join(room: Room) {
    try {
      await api.join(room.id);
      rooms.update(room.id, (r) => ({ ...r, joined: true, memberCount: r.memberCount + 1 }));
      setJoinError(null);
      navigate({ name: 'room', roomId: room.id });
    } catch (error) {
      setJoinError(error instanceof Error ? error.message : 'Could not join the room.');
    }
  }

  const joined = rooms.rooms.filter((r) => r.joined);
  const others = rooms.rooms.filter((r) => !r.joined);

  return (
    <div className="room-lists">
      {rooms.error && (
        <p className="sidebar-note error" role="alert">
          {rooms.error}
        </p>
      )}
      {joinError && (
        <p className="sidebar-note error" role="alert">
          {joinError}
        </p>
      )}
      <h2 className="section-title" id="your-rooms">
        Your rooms
      </h2>
      <ul className="room-list" aria-labelledby="your-rooms">
        {joined.map((room) => (
          <RoomListItem key={room.id} room={room} active={room.id === activeRoomId} />
        ))}
        {joined.length === 0 && (
          <li className="sidebar-note muted">You have not joined a room yet.</li>
        )}
      </ul>
      {others.length > 0 && (
        <>
          <h2 className="section-title" id="other-rooms">
            Other rooms
          </h2>
          <ul className="room-list" aria-labelledby="other-rooms">
            {others.map((room) => (
              <RoomListItem
                key={room.id}
                room={room}
                active={room.id === activeRoomId}
                onJoin={() => void join(room)}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
