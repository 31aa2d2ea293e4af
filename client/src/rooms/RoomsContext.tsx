import { createContext, useCallback, useContext } from 'react';

import { navigate } from '../router';
import { useSession } from '../session/SessionContext';
import type { RoomsStore } from './useRooms';

export const RoomsContext = createContext<RoomsStore | null>(null);

export function useRoomsStore(): RoomsStore {
  const rooms = useContext(RoomsContext);
  if (!rooms) throw new Error('useRoomsStore outside <RoomsContext>');
  return rooms;
}

/** Opens the direct room with one person (POST /api/dms: the existing one, or a new one). */
export function useStartDirect() {
  const { api } = useSession();
  const { upsert } = useRoomsStore();
  return useCallback(
    async (userId: number) => {
      const { room } = await api.openDirect([userId]);
      upsert({ ...room, joined: true });
      navigate({ name: 'room', roomId: room.id });
    },
    [api, upsert],
  );
}
