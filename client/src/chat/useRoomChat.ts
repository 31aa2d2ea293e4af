import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';

import { ApiError } from '../api/http';
import { useCurrentUser, useSession } from '../session/SessionContext';
import type { ClientFrame, ServerFrame } from '../socket/frames';
import type { RoomSocket } from '../socket/roomSocket';
import {
  initialMessages,
  lastSeq,
  messagesReducer,
  resumeCursor,
  visibleMessages,
} from './messages';
import { initialPresence, presenceReducer } from './presence';
import { ReadSender } from './readSender';
import { TypingSender } from './typingSender';
import { useHistory } from './useHistory';
import { useOutbox } from './useOutbox';
import { useRoomSocket } from './useRoomSocket';

/** Everything the chat view needs for one room: history, live frames, sending, presence. */
export function useRoomChat(roomId: number, onRead?: (seq: number) => void) {
  const { api } = useSession();
  const me = useCurrentUser();
  const [messages, dispatch] = useReducer(messagesReducer, initialMessages);
  const [presence, dispatchPresence] = useReducer(presenceReducer, initialPresence);
  const [roomName, setRoomName] = useState<string | null>(null);
  const state = useRef(messages);
  state.current = messages;
  const socketRef = useRef<RoomSocket | null>(null);
  const sendFrame = useCallback(
    (frame: ClientFrame) => socketRef.current?.send(frame) ?? false,
    [],
  );
  const author = useMemo(
    () => ({ id: me.id, username: me.username, displayName: me.displayName || me.username }),
    [me],
  );
  const history = useHistory(roomId, me.id, dispatch, state);
  const outbox = useOutbox({ dispatch, state, author, sendFrame });

  const onFrame = (frame: ServerFrame) => {
    switch (frame.type) {
      case 'ready':
        setRoomName(frame.room.name);
        dispatchPresence({ type: 'ready', online: frame.online });
        if (!state.current.loaded) void history.loadLatest('latest');
        break;
      case 'message':
        if (frame.message.clientId) outbox.confirmed(frame.message.clientId);
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
        void history.loadLatest('resync');
        break;
      case 'error':
        if (frame.clientId !== undefined)
          outbox.refused(String(frame.clientId), frame.code, frame.message, frame.retryAfterMs);
        break;
    }
  };

  const { status, socket } = useRoomSocket(roomId, onFrame, () =>
    // Before the first history page, the socket only needs live frames; after it,
    // resume from the newest seq we hold (0 in an empty room, so nothing is missed).
    resumeCursor(state.current),
  );
  socketRef.current = socket;

  const { connectionLost } = outbox;
  useEffect(() => {
    if (status.state !== 'online') connectionLost();
  }, [status.state, connectionLost]);

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

  const typing = useMemo(
    () => new TypingSender((isTyping) => sendFrame({ type: 'typing', isTyping })),
    [sendFrame],
  );

  useEffect(() => {
    if (!presence.typing.length) return;
    const timer = setInterval(() => dispatchPresence({ type: 'expire', now: Date.now() }), 1000);
    return () => clearInterval(timer);
  }, [presence.typing.length]);

  const { send: sendMessage } = outbox;
  const send = useCallback(
    (content: string) => {
      typing.stop();
      sendMessage(content);
    },
    [typing, sendMessage],
  );

  const reads = useMemo(
    () =>
      new ReadSender((seq) => {
        if (!sendFrame({ type: 'read', seq }))
          void api.markRead(roomId, seq).catch(() => undefined);
      }),
    [api, roomId, sendFrame],
  );
  useEffect(() => () => reads.flush(), [reads]);

  /** The newest message is on screen: move the read position there (the badge at once). */
  const lastRead = useRef(0);
  const markSeen = useCallback(() => {
    const seq = lastSeq(state.current);
    if (seq === null || seq <= lastRead.current) return;
    lastRead.current = seq;
    onRead?.(seq);
    reads.seen(seq);
  }, [reads, onRead]);

  return {
    roomName,
    status,
    reconnectNow: () => socket?.reconnectNow(),
    messages: visibleMessages(messages),
    loaded: messages.loaded,
    hasMore: messages.hasMore,
    loadingOlder: history.loadingOlder,
    historyError: history.error,
    loadOlder: history.loadOlder,
    online: presence.online,
    typingNames: presence.typing.filter((t) => t.user.id !== me.id).map((t) => t.user.username),
    send,
    retry: outbox.retry,
    discard: outbox.discard,
    keystroke: () => typing.keystroke(),
    stopTyping: () => typing.stop(),
    markSeen,
  };
}
