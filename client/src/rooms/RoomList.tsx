import { useState } from 'react';

import type { Room } from '../api/types';
import { navigate } from '../router';
import { useCurrentUser, useSession } from '../session/SessionContext';
import { RoomListItem } from './RoomListItem';
import { roomSections } from './roomsState';
import type { RoomsStore } from './useRooms';

export function RoomList({
  rooms,
  activeRoomId,
}: {
  rooms: RoomsStore;
  activeRoomId: number | null;
}) {
  const { api } = useSession();
  const me = useCurrentUser();
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
      rooms.update(room.id, (r) => ({
        ...r,
        joined: true,
        role: r.role ?? 'member',
        memberCount: r.memberCount + 1,
      }));
      setJoinError(null);
      navigate({ name: 'room', roomId: room.id });
    } catch (error) {
      setJoinError(error instanceof Error ? error.message : 'Could not join the room.');
    }
  }

  const { joined, direct, others } = roomSections(rooms.rooms, me.id);
  const item = (room: Room, onJoin?: () => void) => (
    <RoomListItem
      key={room.id}
      room={room}
      selfId={me.id}
      active={room.id === activeRoomId}
      onJoin={onJoin}
    />
  );

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
        {joined.map((room) => item(room))}
        {joined.length === 0 && (
          <li className="sidebar-note muted">You have not joined a room yet.</li>
        )}
      </ul>
      <h2 className="section-title" id="direct-messages">
        Direct messages
      </h2>
      <ul className="room-list" aria-labelledby="direct-messages">
        {direct.map((room) => item(room))}
        {direct.length === 0 && (
          <li className="sidebar-note muted">
            Start one from someone’s profile or a room’s member list.
          </li>
        )}
      </ul>
      {others.length > 0 && (
        <>
          <h2 className="section-title" id="other-rooms">
            Other rooms
          </h2>
          <ul className="room-list" aria-labelledby="other-rooms">
            {others.map((room) => item(room, () => void join(room)))}
          </ul>
        </>
      )}
    </div>
  );
}
