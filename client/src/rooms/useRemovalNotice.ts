import { useCallback, useRef, useState } from 'react';

import type { Room } from '../api/types';
import { navigate } from '../router';
import { useSocketFrames } from '../socket/SocketContext';

/**
 * Removed or banned from the room on screen: the view leaves it and says why
 * (the `membership` frame of the per-user socket).
 */
export function useRemovalNotice(activeRoomId: number | null, titleOf: (room: Room) => string) {
  const [notice, setNotice] = useState<string | null>(null);
  const active = useRef(activeRoomId);
  active.current = activeRoomId;
  const title = useRef(titleOf);
  title.current = titleOf;

  useSocketFrames((frame) => {
    if (frame.type !== 'membership') return;
    if (frame.action !== 'removed' && frame.action !== 'banned') return;
    const name = title.current({ ...frame.room, id: frame.roomId });
    setNotice(
      frame.action === 'banned'
        ? `You were banned from ${name}.`
        : `You were removed from ${name}.`,
    );
    if (frame.roomId === active.current) navigate({ name: 'home' }, { replace: true });
  });

  const dismiss = useCallback(() => setNotice(null), []);
  return { notice, dismiss };
}
