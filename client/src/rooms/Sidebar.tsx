import { ConnectionBanner } from '../chat/ConnectionBanner';
import { Avatar } from '../components/Avatar';
import { Bell } from '../notifications/Bell';
import type { NotificationsStore } from '../notifications/useNotifications';
import { navigate } from '../router';
import { useCurrentUser, useSession } from '../session/SessionContext';
import { useUserSocket } from '../socket/SocketContext';
import { CreateRoomForm } from './CreateRoomForm';
import { RoomList } from './RoomList';
import type { RoomsStore } from './useRooms';

export function Sidebar({
  rooms,
  activeRoomId,
  notifications,
  placeOf,
  notice,
  onDismissNotice,
  showConnection,
}: {
  rooms: RoomsStore;
  activeRoomId: number | null;
  notifications: NotificationsStore;
  placeOf: (roomId: number) => string;
  /** Why the user was taken out of a room (removed, banned). */
  notice: string | null;
  onDismissNotice: () => void;
  /** Say here when the connection is lost (an open room says so itself). */
  showConnection: boolean;
}) {
  const { session } = useSession();
  const me = useCurrentUser();
  const name = me.displayName || me.username;
  const { status, socket } = useUserSocket();

  return (
    <nav className="sidebar" aria-label="Rooms">
      <header className="sidebar-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Fadmann
        </div>
        <div className="sidebar-tools">
          <Bell store={notifications} placeOf={placeOf} />
          <button
            type="button"
            className="button ghost small"
            onClick={() => void session.logout()}
          >
            Log out
          </button>
        </div>
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
      {showConnection && (
        <ConnectionBanner status={status} onReconnect={() => socket.reconnectNow()} />
      )}
      {notice && (
        <div className="sidebar-notice" role="alert">
          <span>{notice}</span>
          <button
            type="button"
            className="link-button"
            onClick={onDismissNotice}
            aria-label="Dismiss"
          >
            ✕
          </button>
        </div>
      )}
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
