import { useEffect, useRef, useState } from 'react';

import { useSession } from '../session/SessionContext';
import type { ServerFrame } from '../socket/frames';
import { RoomSocket, type SocketStatus } from '../socket/roomSocket';

/**
 * Keeps one RoomSocket open for the room while mounted. Frames go to the latest
 * `onFrame`; `getSince` is asked at every (re)connect so it resumes where we are.
 */
export function useRoomSocket(
  roomId: number,
  onFrame: (frame: ServerFrame) => void,
  getSince: () => number | null,
) {
  const { session } = useSession();
  const [status, setStatus] = useState<SocketStatus>({ state: 'connecting', attempt: 0 });
  const [socket, setSocket] = useState<RoomSocket | null>(null);
  const handlers = useRef({ onFrame, getSince });
  handlers.current = { onFrame, getSince };

  useEffect(() => {
    const roomSocket = new RoomSocket({
      roomId,
      getToken: (rejected) => (rejected ? session.refresh(rejected) : session.accessToken()),
      getSince: () => handlers.current.getSince(),
      onFrame: (frame) => handlers.current.onFrame(frame),
      onStatus: setStatus,
    });
    setSocket(roomSocket);
    roomSocket.start();
    const wake = () => roomSocket.reconnectNow();
    window.addEventListener('online', wake);
    window.addEventListener('focus', wake);
    return () => {
      window.removeEventListener('online', wake);
      window.removeEventListener('focus', wake);
      roomSocket.stop();
    };
  }, [roomId, session]);

  return { status, socket };
}
