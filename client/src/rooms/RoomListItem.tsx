import type { Room } from '../api/types';
import { Icon } from '../chat/icons';
import { shortTime } from '../components/time';
import { navigate, routePath } from '../router';
import { messageSummary } from '../uploads/summary';
import { roomTitle } from './roomsState';

interface RoomListItemProps {
  room: Room;
  selfId: number;
  active: boolean;
  onJoin?: () => void;
}

export function RoomListItem({ room, selfId, active, onJoin }: RoomListItemProps) {
  const last = room.lastMessage;
  const title = roomTitle(room, selfId);
  const direct = room.kind === 'direct';
  const unread = room.joined ? room.unreadCount : 0;
  // In a direct room every message notifies: the unread count says it all.
  const mentions = room.joined && !direct ? room.mentionCount : 0;
  const label = [
    `${direct ? 'Direct message with' : 'Room'} ${title}`,
    unread > 0 ? `${unread} unread` : null,
    mentions > 0 ? `${mentions} ${mentions === 1 ? 'mention' : 'mentions'}` : null,
    room.kind === 'private' ? 'private' : null,
    room.notifyLevel === 'none' && room.joined ? 'muted' : null,
    room.joined ? null : 'not joined',
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <li
      className={`room-item${active ? ' active' : ''}${unread > 0 ? ' has-unread' : ''}${room.notifyLevel === 'none' ? ' muted-room' : ''}`}
    >
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
              {direct ? '@' : room.kind === 'private' ? <Icon name="lock" /> : '#'}
            </span>
            {title}
          </span>
          {last && <span className="room-time">{shortTime(last.createdAt)}</span>}
        </span>
        <span className="room-line">
          <span className="room-last">
            {last
              ? `${last.author.displayName || last.author.username}: ${messageSummary(last.content, last.attachments)}`
              : room.description || 'No messages yet'}
          </span>
          {mentions > 0 && (
            <span className="badge mention-badge" aria-hidden="true">
              @{mentions > 99 ? '99+' : mentions}
            </span>
          )}
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
          aria-label={`Join ${title}`}
        >
          Join
        </button>
      )}
    </li>
  );
}
