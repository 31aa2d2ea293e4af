import { Avatar } from '../components/Avatar';
import { navigate } from '../router';
import { useCurrentUser, useSession } from '../session/SessionContext';
import { CreateRoomForm } from './CreateRoomForm';
import { RoomList } from './RoomList';
import type { RoomsStore } from './useRooms';

export function Sidebar({
  rooms,
  activeRoomId,
}: {
  rooms: RoomsStore;
  activeRoomId: number | null;
}) {
  const { session } = useSession();
  const me = useCurrentUser();
  const name = me.displayName || me.username;

  return (
    <nav className="sidebar" aria-label="Rooms">
      <header className="sidebar-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Fadmann
        </div>
        <button type="button" className="button ghost small" onClick={() => void session.logout()}>
          Log out
        </button>
      </header>
      <button
        type="button"
        className="me"
        onClick={() => navigate({ name: 'profile', userId: me.id })}
        aria-label={`Your profile (${name})`}
      >
        <Avatar name={name} userId={me.id} size="small" />
        <span className="me-name">{name}</span>
        <span className="me-hint">Profile</span>
      </button>
      <RoomList rooms={rooms} activeRoomId={activeRoomId} />
      <CreateRoomForm
        onCreated={(room) => {
          rooms.upsert(room);
          navigate({ name: 'room', roomId: room.id });
        }}
      />
    </nav>
  );
}
