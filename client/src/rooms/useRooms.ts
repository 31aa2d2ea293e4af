import { useCallback, useEffect, useRef, useState } from 'react';

import type { Message, Room } from '../api/types';
import { useSession } from '../session/SessionContext';

/** Until a per-user socket exists, unread counts come from polling GET /api/rooms. */
const REFRESH_EVERY_MS = 30_000;

export function useRooms(activeRoomId: number | null) {
  const { api } = useSession();
  const [rooms, setRooms] = useState<Room[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const active = useRef(activeRoomId);
  active.current = activeRoomId;

  const reload = useCallback(async () => {
    try {
      const list = await api.listRooms();
      // The open room is being read right now; the server may not have heard yet.
      setRooms(list.map((r) => (r.id === active.current ? { ...r, unreadCount: 0 } : r)));
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not load rooms.');
    }
  }, [api]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_EVERY_MS);
    const onFocus = () => void reload();
    const onVisible = () => document.visibilityState === 'visible' && void reload();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);

  const update = useCallback((roomId: number, change: (room: Room) => Room) => {
    setRooms((list) => list && list.map((r) => (r.id === roomId ? change(r) : r)));
  }, []);

  const markRead = useCallback(
    (roomId: number) => update(roomId, (r) => ({ ...r, unreadCount: 0 })),
    [update],
  );

  const noteMessage = useCallback(
    (roomId: number, message: Message) =>
      update(roomId, (r) =>
        r.lastMessage && r.lastMessage.seq >= message.seq ? r : { ...r, lastMessage: message },
      ),
    [update],
  );

  const upsert = useCallback((room: Room) => {
    setRooms((list) => {
      const others = (list ?? []).filter((r) => r.id !== room.id);
      return [...others, room].sort((a, b) => a.name.localeCompare(b.name));
    });
  }, []);

  return { rooms, error, reload, markRead, noteMessage, upsert, update };
}

export type RoomsStore = ReturnType<typeof useRooms>;
