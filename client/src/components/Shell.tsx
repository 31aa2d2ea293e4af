import { useCallback, useEffect } from 'react';

import type { Room } from '../api/types';
import { ChatView } from '../chat/ChatView';
import { documentTitle } from '../notifications/notificationsState';
import { useActivityAlerts } from '../notifications/useActivityAlerts';
import { useNotifications } from '../notifications/useNotifications';
import { ProfileView } from '../profile/ProfileView';
import { roomTitle } from '../rooms/roomsState';
import { RoomsContext } from '../rooms/RoomsContext';
import { Sidebar } from '../rooms/Sidebar';
import { useRemovalNotice } from '../rooms/useRemovalNotice';
import { useRooms } from '../rooms/useRooms';
import { useRoute } from '../router';
import { useCurrentUser } from '../session/SessionContext';
import { SocketProvider } from '../socket/SocketContext';

/** The logged-in screens, over the tab's one per-user socket. */
export function Shell() {
  return (
    <SocketProvider>
      <Layout />
    </SocketProvider>
  );
}

/** Rooms on the left, the open room or profile on the right. */
function Layout() {
  const route = useRoute();
  const me = useCurrentUser();
  const activeRoomId = route.name === 'room' ? route.roomId : null;
  const rooms = useRooms(activeRoomId);
  const list = rooms.rooms;

  const placeName = useCallback(
    (room: Room) => (room.kind === 'direct' ? roomTitle(room, me.id) : `#${room.name}`),
    [me.id],
  );
  const placeOf = useCallback(
    (roomId: number) => {
      const room = list?.find((r) => r.id === roomId);
      return room ? placeName(room) : 'a room';
    },
    [list, placeName],
  );
  const notifications = useNotifications(placeOf);
  const removal = useRemovalNotice(activeRoomId, placeName);
  useActivityAlerts(list, me.id, placeName);

  const activeRoom = list?.find((r) => r.id === activeRoomId);
  const title = documentTitle(notifications.unreadCount, activeRoom ? placeName(activeRoom) : null);
  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <RoomsContext.Provider value={rooms}>
      <div className={`shell ${route.name === 'home' ? 'show-sidebar' : 'show-main'}`}>
        <Sidebar
          rooms={rooms}
          activeRoomId={activeRoomId}
          notifications={notifications}
          placeOf={placeOf}
          notice={removal.notice}
          onDismissNotice={removal.dismiss}
          showConnection={route.name !== 'room'}
        />
        <main className="main">
          {route.name === 'room' && (
            <ChatView
              key={route.roomId}
              roomId={route.roomId}
              rooms={rooms}
              onRead={notifications.roomRead}
            />
          )}
          {route.name === 'profile' && <ProfileView key={route.userId} userId={route.userId} />}
          {route.name === 'home' && <Welcome />}
        </main>
      </div>
    </RoomsContext.Provider>
  );
}

function Welcome() {
  return (
    <div className="welcome">
      <h2>Welcome to Fadmann</h2>
      <p className="muted">Pick a room on the left, or create one.</p>
    </div>
  );
}
