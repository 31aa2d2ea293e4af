import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';

import type { Attachment, Message } from '@contract/messages.js';
import type { Member } from '@contract/rooms.js';
import type { UserSummary } from '@contract/users.js';

import { useCurrentUser, useSession } from '../session/SessionContext';
import type { ClientFrame, UserRef, UserSocketFrame } from '../socket/frames';
import {
  type ChatMessage,
  findBySeq,
  initialMessages,
  lastSeq,
  messagesReducer,
  resumeCursor,
  toReplyTo,
  visibleMessages,
} from './messages';
import { initialPresence, presenceReducer } from './presence';
import { ReadSender } from './readSender';
import { TypingSender } from './typingSender';
import { useHistory } from './useHistory';
import { useOutbox } from './useOutbox';
import { useRoomSubscription } from './useRoomSubscription';

/**
 * Everything the chat view needs for one room: history, live frames, sending, presence.
 * `joined`: whether the user is a member (a preview neither types nor reads).
 */
export function useRoomChat(
  roomId: number,
  joined: boolean,
  onRead?: (seq: number) => void,
  /** A new message that arrived live (not a replay of what was missed). */
  onLive?: (message: Message) => void,
) {
  const { api } = useSession();
  const me = useCurrentUser();
  const [messages, dispatch] = useReducer(messagesReducer, initialMessages);
  const [presence, dispatchPresence] = useReducer(presenceReducer, initialPresence);
  const [roomName, setRoomName] = useState<string | null>(null);
  const state = useRef(messages);
  state.current = messages;
  const { status, subscription, socket } = useRoomSubscription(
    roomId,
    (f) => onFrame(f),
    () =>
      // Before the first history page, the room only needs live frames; after it, resume
      // from the newest seq we hold (0 in an empty room, so nothing is missed).
      resumeCursor(state.current),
  );
  const sendFrame = useCallback(
    (frame: ClientFrame) => frame.type !== 'ping' && socket.send({ ...frame, roomId }),
    [socket, roomId],
  );
  const author = useMemo(
    () => ({ id: me.id, username: me.username, displayName: me.displayName || me.username }),
    [me],
  );
  /** The room's last event when this connection became ready (see messages.ts). */
  const readySeq = useRef(0);
  const getReadySeq = useCallback(() => readySeq.current, []);
  const history = useHistory(roomId, me.id, dispatch, state, getReadySeq);
  const { loadLatest, loadAround } = history;
  const [pins, setPins] = useState<Message[] | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  /** A message to scroll to and highlight; `nonce` repeats a jump to the same one. */
  const [focus, setFocus] = useState<{ seq: number; nonce: number } | null>(null);
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [editing, setEditing] = useState<ChatMessage | null>(null);
  const outbox = useOutbox({ dispatch, state, author, sendFrame });

  const onFrame = (frame: UserSocketFrame) => {
    switch (frame.type) {
      case 'subscribed':
        readySeq.current = frame.lastSeq;
        setRoomName(frame.room.name);
        dispatchPresence({ type: 'ready', online: frame.online });
        if (!state.current.loaded) void history.loadLatest('latest');
        break;
      case 'message':
        if (frame.message.clientId) outbox.confirmed(frame.message.clientId);
        dispatch({
          type: 'received',
          message: frame.message,
          selfId: me.id,
          upTo: readySeq.current,
        });
        dispatchPresence({ type: 'spoke', userId: frame.message.author.id });
        if (frame.message.seq > readySeq.current) onLive?.(frame.message);
        break;
      case 'message.edited':
      case 'message.deleted':
      case 'reaction':
        dispatch({ type: 'event', frame, selfId: me.id });
        if (frame.type !== 'reaction')
          refreshPin(frame.messageId, frame.type === 'message.deleted');
        break;
      case 'message.pinned':
        dispatch({ type: 'event', frame, selfId: me.id });
        notePin(frame.messageId, frame.pinned);
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
        // Someone new came in: refresh the members (for @ autocomplete).
        if (!members.some((m) => m.id === frame.user.id)) void loadMembers();
        else
          setMembers((list) =>
            list.map((m) => (m.id === frame.user.id ? { ...m, online: frame.online } : m)),
          );
        break;
      case 'member':
        // Someone came, went or changed role: the member list (roles, @ autocomplete).
        void loadMembers();
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

  const { connectionLost } = outbox;
  useEffect(() => {
    if (status.state !== 'online') connectionLost();
  }, [status.state, connectionLost]);

  const typing = useMemo(
    () => new TypingSender((isTyping) => joined && sendFrame({ type: 'typing', isTyping })),
    [sendFrame, joined],
  );

  useEffect(() => {
    if (!presence.typing.length) return;
    const timer = setInterval(() => dispatchPresence({ type: 'expire', now: Date.now() }), 1000);
    return () => clearInterval(timer);
  }, [presence.typing.length]);

  const { send: sendMessage } = outbox;
  const send = useCallback(
    (content: string, attachments: Attachment[] = []) => {
      typing.stop();
      sendMessage(content, replyTo && toReplyTo(replyTo), attachments);
      setReplyTo(null);
      // Our message goes to the newest part of the room: go back there.
      if (state.current.hasMoreAfter) void loadLatest('jump');
    },
    [typing, sendMessage, replyTo, loadLatest],
  );

  const loadMembers = useCallback(async () => {
    try {
      setMembers(await api.members(roomId));
    } catch {
      // Autocomplete only: keep what we had.
    }
  }, [api, roomId]);
  useEffect(() => {
    void loadMembers();
  }, [loadMembers]);

  const loadPins = useCallback(async () => {
    setPins(await api.pins(roomId));
  }, [api, roomId]);

  /** A pin changed (ours or someone's): keep an open pinned list in step. */
  const notePin = useCallback(
    (messageId: number, pinned: boolean) => {
      if (!pinned) {
        setPins((list) => list && list.filter((m) => m.id !== messageId));
        return;
      }
      void api.getMessage(messageId).then(
        (message) =>
          setPins((list) =>
            list && !list.some((m) => m.id === messageId)
              ? [{ ...message, pinned: true }, ...list]
              : list,
          ),
        () => undefined,
      );
    },
    [api],
  );
  /** An edited or deleted message may be in the pinned list. */
  const refreshPin = useCallback(
    (messageId: number, deleted: boolean) => {
      if (!pins?.some((m) => m.id === messageId)) return;
      if (deleted) {
        setPins((list) => list && list.filter((m) => m.id !== messageId));
        return;
      }
      void api.getMessage(messageId).then(
        (fresh) => setPins((l) => l && l.map((m) => (m.id === messageId ? fresh : m))),
        () => undefined,
      );
    },
    [api, pins],
  );

  // Refused changes throw the server's message (ApiError) to the caller, and change nothing.
  const editMessage = useCallback(
    async (messageId: number, content: string) => {
      const message = await api.editMessage(messageId, content);
      dispatch({ type: 'updated', message });
    },
    [api],
  );
  const deleteMessage = useCallback(
    async (messageId: number) => {
      await api.deleteMessage(messageId);
      dispatch({ type: 'deletedLocally', messageId });
      setPins((list) => list && list.filter((m) => m.id !== messageId));
    },
    [api],
  );
  const react = useCallback(
    async (messageId: number, emoji: string, on: boolean) => {
      const reaction = on ? await api.react(messageId, emoji) : await api.unreact(messageId, emoji);
      dispatch({ type: 'reactionSet', messageId, reaction });
    },
    [api],
  );
  const setPinned = useCallback(
    async (messageId: number, pinned: boolean) => {
      const answer = await api[pinned ? 'pin' : 'unpin'](messageId);
      dispatch({ type: 'pinSet', messageId, pinned: answer.pinned });
      notePin(messageId, answer.pinned);
    },
    [api, notePin],
  );

  /** Scrolls to the message at (or just before) `seq`, loading its page if it is not here. */
  const jumpTo = useCallback(
    async (seq: number) => {
      if (!findBySeq(state.current, seq)) await loadAround(seq);
      setFocus((f) => ({ seq, nonce: (f?.nonce ?? 0) + 1 }));
    },
    [loadAround],
  );
  const jumpToLatest = useCallback(async () => {
    await loadLatest('jump');
    setFocus(null);
  }, [loadLatest]);

  /** Up-arrow in an empty composer: edit our newest message that is not deleted. */
  const editLast = useCallback(() => {
    const last = state.current.confirmed.findLast(
      (m) => m.author.id === me.id && m.deletedAt === null && m.id !== null,
    );
    if (last) setEditing(last);
  }, [me.id]);

  const reads = useMemo(
    () =>
      new ReadSender((seq) => {
        if (!joined) return;
        if (!sendFrame({ type: 'read', seq }))
          void api.markRead(roomId, seq).catch(() => undefined);
      }),
    [api, roomId, sendFrame, joined],
  );
  useEffect(() => () => reads.flush(), [reads]);

  /** The newest message is on screen: move the read position there (the badge at once). */
  const lastRead = useRef(0);
  const markSeen = useCallback(() => {
    // An older window of the room (after a jump) is not what is newest.
    if (state.current.hasMoreAfter || !joined) return;
    const seq = lastSeq(state.current);
    if (seq === null || seq <= lastRead.current) return;
    lastRead.current = seq;
    onRead?.(seq);
    reads.seen(seq);
  }, [reads, onRead, joined]);

  /** People by their display name, as far as the member list knows them. */
  const withName = useCallback(
    (user: UserRef): UserSummary => ({
      ...user,
      displayName: members.find((m) => m.id === user.id)?.displayName || user.username,
    }),
    [members],
  );

  return {
    roomName,
    status,
    subscription,
    reconnectNow: () => socket.reconnectNow(),
    messages: visibleMessages(messages),
    windowId: messages.windowId,
    loaded: messages.loaded,
    hasMore: messages.hasMore,
    hasMoreAfter: messages.hasMoreAfter,
    loadingOlder: history.loadingOlder,
    loadingNewer: history.loadingNewer,
    historyError: history.error,
    loadOlder: history.loadOlder,
    loadNewer: history.loadNewer,
    jumpTo,
    jumpToLatest,
    focus,
    pins,
    loadPins,
    members,
    reloadMembers: loadMembers,
    replyTo,
    setReplyTo,
    editing,
    setEditing,
    editLast,
    editMessage,
    deleteMessage,
    react,
    setPinned,
    online: presence.online.map(withName),
    typingNames: presence.typing
      .filter((t) => t.user.id !== me.id)
      .map((t) => withName(t.user).displayName),
    send,
    retry: outbox.retry,
    discard: outbox.discard,
    keystroke: () => typing.keystroke(),
    stopTyping: () => typing.stop(),
    markSeen,
  };
}
