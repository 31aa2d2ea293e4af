import { useEffect, useRef, useState } from 'react';

import { frameRoomId, type UserSocketFrame } from '../socket/frames';
import { useUserSocket } from '../socket/SocketContext';

/** Where one room's subscription stands on the per-user socket. */
export type Subscription = 'pending' | 'subscribed' | 'not_found' | 'forbidden';

/**
 * Keeps the room subscribed on the tab's per-user socket while mounted (again, with
 * `since`, after every reconnect) and hands its frames to the latest `onFrame`.
 */
export function useRoomSubscription(
  roomId: number,
  onFrame: (frame: UserSocketFrame) => void,
  getSince: () => number | null,
) {
  const { socket, status, listen } = useUserSocket();
  const [subscription, setSubscription] = useState<Subscription>('pending');
  const handlers = useRef({ onFrame, getSince });
  handlers.current = { onFrame, getSince };
  const current = useRef(subscription);
  current.current = subscription;

  useEffect(() => {
    const stop = listen((frame) => {
      if (frameRoomId(frame) !== roomId) return;
      if (frame.type === 'subscribed') setSubscription('subscribed');
      // A refused subscribe; a refusal of a later frame (one we sent) is not about the room.
      if (
        frame.type === 'error' &&
        frame.clientId === undefined &&
        current.current === 'pending' &&
        (frame.code === 'not_found' || frame.code === 'forbidden')
      ) {
        setSubscription(frame.code);
      }
      handlers.current.onFrame(frame);
    });
    socket.subscribe(roomId, () => handlers.current.getSince());
    return () => {
      stop();
      socket.unsubscribe(roomId);
    };
  }, [socket, listen, roomId]);

  // Each connection subscribes afresh.
  const online = status.state === 'online';
  useEffect(() => {
    if (!online) setSubscription((s) => (s === 'subscribed' ? 'pending' : s));
  }, [online]);

  return { status, subscription, socket };
}
