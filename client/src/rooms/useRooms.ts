import { useCallback, useEffect, useReducer, useRef, useState } from 'react';

import type { Message, NotifyLevel, Room } from '../api/types';
import { useSession } from '../session/SessionContext';
import { useSocketFrames } from '../socket/SocketContext';
import { roomsReducer } from './roomsState';

const RETRY_MS = 5_000;

/**
 * The rooms list: loaded by REST when the per-user socket is (re)connected, then kept live
 * by its frames (`room.activity`, `membership`, `room.updated`); no polling.
 */
export function useRooms(activeRoomId: number | null) {
  const { api } = useSession();
  const [rooms, dispatch] = useReducer(roomsReducer, null);
  const [error, setError] = useState<string | null>(null);
  const [failures, setFailures] = useState(0);
  const active = useRef(activeRoomId);
  active.current = activeRoomId;

  const reload = useCallback(async () => {
    try {
      const list = await api.listRooms();
      dispatch({ type: 'loaded', rooms: list, activeRoomId: active.current });
      setError(null);
      setFailures(0);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not load rooms.');
      setFailures((n) => n + 1);
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // A failed fetch is tried again soon, and at every reconnect (ready) anyway.
  useEffect(() => {
    if (failures === 0) return;
    const timer = setTimeout(() => void reload(), RETRY_MS * Math.min(failures, 6));
    return () => clearTimeout(timer);
  }, [failures, reload]);

  useSocketFrames((frame) => {
    const activeRoomId = active.current;
    switch (frame.type) {
      case 'ready':
        dispatch({ type: 'ready', rooms: frame.rooms, activeRoomId });
        // Whatever changed while we were away (rooms made, joined, left) is in the list.
        void reload();
        break;
      case 'room.activity':
        dispatch({ type: 'activity', frame, activeRoomId });
        break;
      case 'membership':
        dispatch({ type: 'membership', frame });
        break;
      case 'room.updated':
        dispatch({ type: 'updated', room: frame.room });
        break;
    }
  });

  const update = useCallback(
    (roomId: number, change: (room: Room) => Room) => dispatch({ type: 'update', roomId, change }),
    [],
  );
  const markRead = useCallback((roomId: number) => dispatch({ type: 'read', roomId }), []);
  const noteMessage = useCallback(
    (roomId: number, message: Message) => dispatch({ type: 'message', roomId, message }),
    [],
  );
  const upsert = useCallback((room: Room) => dispatch({ type: 'upsert', room }), []);
  const setNotify = useCallback(
    (roomId: number, level: NotifyLevel) => dispatch({ type: 'notify', roomId, level }),
    [],
  );

  return { rooms, error, reload, markRead, noteMessage, upsert, update, setNotify };
}

export type RoomsStore = ReturnType<typeof useRooms>;
