import type { Room } from '../api/types';
import { shortTime } from '../components/time';
import { navigate, routePath } from '../router';

interface RoomListItemProps {
  room: Room;
  active: boolean;
  onJoin?: () => void;
}

export function RoomListItem({ room, active, onJoin }: RoomListItemProps) {
  const last = room.lastMessage;
  const unread = room.joined ? room.unreadCount : 0;
  const label = [
    `Room ${room.name}`,
    unread > 0 ? `${unread} unread` : null,
    room.joined ? null : 'not joined',
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <li className={`room-item${active ? ' active' : ''}${unread > 0 ? ' has-unread' : ''}`}>
      <a
        href={routePath({ name: 'room', roomId: room.id })}
        className="room-link"
        aria-label={label}
        aria-current={active ? 'page' : undefined}
        onClick={(event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          navigate({ name: 'room', roomId: room.id });
        }}
      >
        <span className="room-line">
          <span className="room-name">
            <span className="hash" aria-hidden="true">
              #
            </span>
            {room.name}
          </span>
          {last && <span className="room-time">{shortTime(last.createdAt)}</span>}
        </span>
        <span className="room-line">
          <span className="room-last">
            {last
              ? `${last.author.displayName || last.author.username}: ${last.content}`
              : room.description || 'No messages yet'}
          </span>
          {unread > 0 && (
            <span className="badge" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </span>
      </a>
      {onJoin && (
        <button
          type="button"
          className="button small"
          onClick={onJoin}
          aria-label={`Join ${room.name}`}
        >
          Join
        </button>
      )}
    </li>
  );
}
