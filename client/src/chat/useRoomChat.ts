import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';

import { ApiError } from '../api/http';
import type { Author } from '../api/types';
import { useCurrentUser, useSession } from '../session/SessionContext';
import type { ServerFrame } from '../socket/frames';
import { initialMessages, lastSeq, messagesReducer, oldestSeq, visibleMessages } from './messages';
import { initialPresence, presenceReducer } from './presence';
import { TypingSender } from './typingSender';
import { useRoomSocket } from './useRoomSocket';

/** A sent frame that is not confirmed within this long is shown as failed. */
const CONFIRM_TIMEOUT_MS = 15_000;

/** Everything the chat view needs for one room: history, live frames, sending, presence. */
export function useRoomChat(roomId: number, onRead?: (seq: number) => void) {
  const { api } = useSession();
  const me = useCurrentUser();
  const [messages, dispatch] = useReducer(messagesReducer, initialMessages);
  const [presence, dispatchPresence] = useReducer(presenceReducer, initialPresence);
  const [roomName, setRoomName] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const loadingOlderRef = useRef(false);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const state = useRef(messages);
  state.current = messages;
  const lastRead = useRef(0);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const author: Author = useMemo(
    () => ({ id: me.id, username: me.username, displayName: me.displayName ?? null }),
    [me],
  );

  const loadLatest = useCallback(
    async (mode: 'latest' | 'resync') => {
      try {
        const page = await api.messages(roomId, { limit: 50 });
        dispatch({ type: 'history', page, mode, selfId: me.id });
        setHistoryError(null);
      } catch (error) {
        setHistoryError(error instanceof Error ? error.message : 'Could not load messages.');
      }
    },
    [api, roomId, me.id],
  );

  const clearTimer = (clientId: string) => {
    clearTimeout(timers.current.get(clientId));
    timers.current.delete(clientId);
  };

  const fail = useCallback((clientId: string, error: string) => {
    clearTimer(clientId);
    dispatch({ type: 'failed', clientId, error });
  }, []);

  const onFrame = (frame: ServerFrame) => {
    switch (frame.type) {
      case 'ready':
        setRoomName(frame.room.name);
        dispatchPresence({ type: 'ready', online: frame.online });
        if (!state.current.loaded) void loadLatest('latest');
        break;
      case 'message':
        if (frame.message.clientId) clearTimer(frame.message.clientId);
        dispatch({ type: 'received', message: frame.message, selfId: me.id });
        dispatchPresence({ type: 'spoke', userId: frame.message.author.id });
        break;
      case 'typing':
        dispatchPresence({
          type: 'typing',
          user: frame.user,
          isTyping: frame.isTyping,
          now: Date.now(),
        });
        break;
      case 'presence':
        dispatchPresence({ type: 'presence', user: frame.user, online: frame.online });
        break;
      case 'resync':
        void loadLatest('resync');
        break;
      case 'error':
        if (frame.clientId)
          onSendError(frame.clientId, frame.code, frame.message, frame.retryAfterMs);
        break;
    }
  };

  const { status, socket } = useRoomSocket(roomId, onFrame, () =>
    // Before the first history page, the socket only needs live frames; after it,
    // resume from the newest seq we hold (0 in an empty room, so nothing is missed).
    state.current.loaded ? (lastSeq(state.current) ?? 0) : null,
  );

  const transmit = useCallback(
    (clientId: string, content: string) => {
      if (!socket?.send({ type: 'message', content, clientId })) {
        fail(clientId, 'Not sent: no connection.');
        return;
      }
      clearTimer(clientId);
      timers.current.set(
        clientId,
        setTimeout(() => fail(clientId, 'Not confirmed by the server.'), CONFIRM_TIMEOUT_MS),
      );
    },
    [socket, fail],
  );

  function onSendError(clientId: string, code: string, message: string, retryAfterMs?: number) {
    if (code !== 'rate_limited')
      return fail(clientId, message || 'The server refused this message.');
    const wait = Math.max(retryAfterMs ?? 1000, 250);
    fail(clientId, `Sending too fast; retrying in ${Math.ceil(wait / 1000)} s.`);
    const pending = state.current.outbox.find((m) => m.clientId === clientId);
    if (!pending) return;
    timers.current.set(
      clientId,
      setTimeout(() => {
        dispatch({ type: 'retrying', clientId });
        transmit(clientId, pending.content);
      }, wait),
    );
  }

  // A dropped socket never confirms what it carried: show those as failed, so they can be
  // retried (the same clientId makes a retry of an already stored message harmless).
  useEffect(() => {
    if (status.state === 'online') return;
    for (const m of state.current.outbox) {
      if (m.status === 'pending' && m.clientId) fail(m.clientId, 'Not sent: connection lost.');
    }
  }, [status.state, fail]);

  // The browser hides why a handshake was refused; after two failed attempts, ask REST.
  // (A 401 there refreshes the token, or ends the session if that is refused too.)
  const failedAttempts = status.state === 'offline' ? status.attempt : 0;
  useEffect(() => {
    if (failedAttempts !== 2 || !socket) return;
    api.getRoom(roomId).then(
      (room) => setRoomName(room.name),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 404) socket.giveUp('not_found');
        if (error instanceof ApiError && error.status === 403) socket.giveUp('forbidden');
      },
    );
  }, [failedAttempts, socket, api, roomId]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  const typing = useMemo(
    () => new TypingSender((isTyping) => socket?.send({ type: 'typing', isTyping }) ?? false),
    [socket],
  );

  useEffect(() => {
    if (!presence.typing.length) return;
    const timer = setInterval(() => dispatchPresence({ type: 'expire', now: Date.now() }), 1000);
    return () => clearInterval(timer);
  }, [presence.typing.length]);

  const send = useCallback(
    (content: string) => {
      const clientId = crypto.randomUUID();
      typing.stop();
      dispatch({ type: 'queued', clientId, content, author, createdAt: new Date().toISOString() });
      transmit(clientId, content);
    },
    [author, transmit, typing],
  );

  const retry = useCallback(
    (clientId: string) => {
      const message = state.current.outbox.find((m) => m.clientId === clientId);
      if (!message) return;
      clearTimer(clientId);
      dispatch({ type: 'retrying', clientId });
      transmit(clientId, message.content);
    },
    [transmit],
  );

  const discard = useCallback((clientId: string) => {
    clearTimer(clientId);
    dispatch({ type: 'discarded', clientId });
  }, []);

  const loadOlder = useCallback(async () => {
    const before = oldestSeq(state.current);
    if (loadingOlderRef.current || !state.current.hasMore || before === null) return;
    loadingOlderRef.current = true;
    setLoadingOlder(true);
    try {
      const page = await api.messages(roomId, { before, limit: 50 });
      dispatch({ type: 'history', page, mode: 'older', selfId: me.id });
    } catch (error) {
      setHistoryError(error instanceof Error ? error.message : 'Could not load older messages.');
    } finally {
      loadingOlderRef.current = false;
      setLoadingOlder(false);
    }
  }, [api, roomId, me.id]);

  /** The newest message is on screen: move the read position there. */
  const markSeen = useCallback(() => {
    const seq = lastSeq(state.current);
    if (seq === null || seq <= lastRead.current) return;
    lastRead.current = seq;
    onRead?.(seq);
    if (!socket?.send({ type: 'read', seq })) void api.markRead(roomId, seq).catch(() => undefined);
  }, [api, roomId, socket, onRead]);

  const typingNames = presence.typing
    .filter((t) => t.user.id !== me.id)
    .map((t) => t.user.username);

  return {
    roomName,
    status,
    reconnectNow: () => socket?.reconnectNow(),
    messages: visibleMessages(messages),
    loaded: messages.loaded,
    hasMore: messages.hasMore,
    loadingOlder,
    historyError,
    loadOlder,
    online: presence.online,
    typingNames,
    send,
    retry,
    discard,
    keystroke: () => typing.keystroke(),
    stopTyping: () => typing.stop(),
    markSeen,
  };
}
