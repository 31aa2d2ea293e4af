import { useCallback, useEffect, useReducer, useRef, useState } from 'react';

import type { Notification } from '../api/types';
import { openMessage } from '../router';
import { useSession } from '../session/SessionContext';
import { useSocketFrames } from '../socket/SocketContext';
import {
  desktopPermission,
  requestDesktopPermission,
  showDesktopAlert,
} from './desktopNotifications';
import { initialNotifications, notificationsReducer, notificationText } from './notificationsState';

/**
 * The bell: the newest notifications (loaded when the per-user socket is ready, then live
 * from `notification` frames), marking them read, and a desktop alert while the tab is hidden.
 */
export function useNotifications(placeOf: (roomId: number) => string) {
  const { api } = useSession();
  const [state, dispatch] = useReducer(notificationsReducer, initialNotifications);
  const [permission, setPermission] = useState(desktopPermission);
  const place = useRef(placeOf);
  place.current = placeOf;

  const reload = useCallback(async () => {
    try {
      dispatch({ type: 'loaded', page: await api.notifications() });
    } catch {
      // The bell keeps what it had; the next reconnect tries again.
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useSocketFrames((frame) => {
    if (frame.type === 'ready') void reload();
    if (frame.type !== 'notification') return;
    const { notification } = frame;
    dispatch({ type: 'received', notification });
    alertOnDesktop(notification, place.current(notification.roomId));
  });

  const loadMore = useCallback(async () => {
    const before = state.items.at(-1)?.id;
    if (before === undefined) return;
    dispatch({ type: 'more', page: await api.notifications({ before }) });
  }, [api, state.items]);

  const markRead = useCallback(
    async (ids: number[] | 'all') => {
      const now = new Date().toISOString();
      dispatch({ type: 'read', ids, now });
      const answer = await api.markNotificationsRead(ids === 'all' ? { all: true } : { ids });
      dispatch({ type: 'read', ids, now, unreadCount: answer.unreadCount });
    },
    [api],
  );

  const roomRead = useCallback(
    (roomId: number, seq: number) =>
      dispatch({ type: 'roomRead', roomId, seq, now: new Date().toISOString() }),
    [],
  );

  const askPermission = useCallback(async () => {
    setPermission(await requestDesktopPermission());
  }, []);

  return { ...state, loadMore, markRead, roomRead, permission, askPermission };
}

export type NotificationsStore = ReturnType<typeof useNotifications>;

function alertOnDesktop(notification: Notification, place: string): void {
  const actor = notification.actor.displayName || notification.actor.username;
  showDesktopAlert({
    title: `${actor} ${notificationText(notification.kind, place)}`,
    body: notification.excerpt,
    tag: `fadmann-notification-${notification.id}`,
    onClick: () => openMessage(notification.roomId, notification.seq),
  });
}
