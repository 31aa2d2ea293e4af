import { ChatView } from '../chat/ChatView';
import { ProfileView } from '../profile/ProfileView';
import { Sidebar } from '../rooms/Sidebar';
import { useRooms } from '../rooms/useRooms';
import { useRoute } from '../router';

/** The logged-in layout: rooms on the left, the open room or profile on the right. */
export function Shell() {
  const route = useRoute();
  const activeRoomId = route.name === 'room' ? route.roomId : null;
  const rooms = useRooms(activeRoomId);

  return (
    <div className={`shell ${route.name === 'home' ? 'show-sidebar' : 'show-main'}`}>
      <Sidebar rooms={rooms} activeRoomId={activeRoomId} />
      <main className="main">
        {route.name === 'room' && (
          <ChatView key={route.roomId} roomId={route.roomId} rooms={rooms} />
        )}
        {route.name === 'profile' && <ProfileView key={route.userId} userId={route.userId} />}
        {route.name === 'home' && <Welcome />}
      </main>
    </div>
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
