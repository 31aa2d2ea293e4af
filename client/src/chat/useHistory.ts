import { type Dispatch, type RefObject, useCallback, useRef, useState } from 'react';

import { useSession } from '../session/SessionContext';
import { type MessagesAction, type MessagesState, oldestSeq } from './messages';

const PAGE_SIZE = 50;

/**
 * REST history: the newest page (first load, resync, back to the newest), older and newer
 * pages on demand, and the page around a message (a jump). `upTo` tells which room seq the
 * newest page is known to include (the socket's `ready.lastSeq`).
 */
export function useHistory(
  roomId: number,
  selfId: number,
  dispatch: Dispatch<MessagesAction>,
  state: RefObject<MessagesState>,
  upTo: () => number,
) {
  const { api } = useSession();
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [loadingNewer, setLoadingNewer] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const busyNewer = useRef(false);

  const loadLatest = useCallback(
    async (mode: 'latest' | 'resync' | 'jump') => {
      try {
        const known = upTo();
        const page = await api.messages(roomId, { limit: PAGE_SIZE });
        dispatch({ type: 'history', page, mode, selfId, upTo: known });
        setError(null);
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : 'Could not load messages.');
      }
    },
    [api, roomId, selfId, dispatch, upTo],
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

  const loadNewer = useCallback(async () => {
    const after = state.current.confirmed.at(-1)?.seq;
    if (busyNewer.current || !state.current.hasMoreAfter || after == null) return;
    busyNewer.current = true;
    setLoadingNewer(true);
    try {
      const page = await api.messages(roomId, { after, limit: PAGE_SIZE });
      dispatch({ type: 'history', page, mode: 'newer', selfId });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Could not load newer messages.');
    } finally {
      busyNewer.current = false;
      setLoadingNewer(false);
    }
  }, [api, roomId, selfId, dispatch, state]);

  /** Replaces the window by the page around `seq`; throws when it cannot. */
  const loadAround = useCallback(
    async (seq: number) => {
      const page = await api.messagesAround(roomId, seq, PAGE_SIZE);
      dispatch({ type: 'history', page, mode: 'around', selfId });
      setError(null);
    },
    [api, roomId, selfId, dispatch],
  );

  return { loadLatest, loadOlder, loadNewer, loadAround, loadingOlder, loadingNewer, error };
}
