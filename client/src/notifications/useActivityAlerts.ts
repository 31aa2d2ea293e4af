import { useRef } from 'react';

import type { Room } from '../api/types';
import { openMessage } from '../router';
import { useSocketFrames } from '../socket/SocketContext';
import { showDesktopAlert } from './desktopNotifications';

/**
 * Rooms set to "every message" (`notifyLevel: all`) make no notification on the server, but
 * ask the client to alert on each new message: one desktop alert per new message while the
 * tab is hidden (direct rooms are already notified by the server).
 */
export function useActivityAlerts(
  rooms: Room[] | null,
  selfId: number,
  placeName: (room: Room) => string,
) {
  const latest = useRef({ rooms, placeName });
  latest.current = { rooms, placeName };

  useSocketFrames((frame) => {
    if (frame.type !== 'room.activity' || !frame.lastMessage) return;
    const room = latest.current.rooms?.find((r) => r.id === frame.roomId);
    const message = frame.lastMessage;
    if (!room || room.notifyLevel !== 'all' || room.kind === 'direct') return;
    if (message.author.id === selfId) return;
    if (room.lastMessage && room.lastMessage.seq >= message.seq) return;
    const author = message.author.displayName || message.author.username;
    showDesktopAlert({
      title: `${author} in ${latest.current.placeName(room)}`,
      body: message.content,
      tag: `fadmann-room-${room.id}`,
      onClick: () => openMessage(room.id, message.seq),
    });
  });
}
