import { type Dispatch, type RefObject, useCallback, useRef, useState } from 'react';

import { useSession } from '../session/SessionContext';
import { type MessagesAction, type MessagesState, oldestSeq } from './messages';

const PAGE_SIZE = 50;

/** REST history: the newest page (first load, resync) and older pages on demand. */
export function useHistory(
  roomId: number,
  selfId: number,
  dispatch: Dispatch<MessagesAction>,
  state: RefObject<MessagesState>,
) {
  const { api } = useSession();
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const loadLatest = useCallback(
    async (mode: 'latest' | 'resync') => {
      try {
        const page = await api.messages(roomId, { limit: PAGE_SIZE });
        dispatch({ type: 'history', page, mode, selfId });
        setError(null);
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : 'Could not load messages.');
      }
    },
    [api, roomId, selfId, dispatch],
  );

  const loadOlder = useCallback(async () => {
    const before = oldestSeq(state.current);
    if (busy.current || !state.current.hasMore || before === null) return;
    busy.current = true;
    setLoadingOlder(true);
    try {
      const page = await api.messages(roomId, { before, limit: PAGE_SIZE });
      dispatch({ type: 'history', page, mode: 'older', selfId });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not load older messages.');
    } finally {
      busy.current = false;
      setLoadingOlder(false);
    }
  }, [api, roomId, selfId, dispatch, state]);

  return { loadLatest, loadOlder, loadingOlder, error };
}
