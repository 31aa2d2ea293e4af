import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { navigate } from '../router';
import { useCurrentUser, useSession } from '../session/SessionContext';
import type { RoomsStore } from '../rooms/useRooms';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { ConnectionBanner } from './ConnectionBanner';
import type { MessageActions } from './MessageItem';
import { MessageList } from './MessageList';
import { toMessage } from './messages';
import { PinnedPanel } from './PinnedPanel';
import { OnlineList } from './OnlineList';
import { TypingIndicator } from './TypingIndicator';
import { useRoomChat } from './useRoomChat';

export function ChatView({ roomId, rooms }: { roomId: number; rooms: RoomsStore }) {
  const { api } = useSession();
  const me = useCurrentUser();
  const { markRead, update, noteMessage } = rooms;
  const onRead = useCallback(() => markRead(roomId), [markRead, roomId]);
  const chat = useRoomChat(roomId, onRead);
  const room = rooms.rooms?.find((r) => r.id === roomId);
  const name = room?.name ?? chat.roomName;
  const online = chat.status.state === 'online';
  const wide = useWideScreen();
  // The online panel shows by default where there is room for it; the header toggles it.
  const [onlineToggled, setOnlineToggled] = useState(false);
  const onlineShown = wide !== onlineToggled;
  const [pinsShown, setPinsShown] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const fail = useCallback((caught: unknown) => {
    setNotice({
      text: caught instanceof Error ? caught.message : 'That did not work.',
      error: true,
    });
  }, []);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), notice.error ? 8000 : 3000);
    return () => clearTimeout(timer);
  }, [notice]);

  const { jumpTo, deleteMessage, react, setPinned, setReplyTo, setEditing } = chat;
  const actions = useMemo<MessageActions>(
    () => ({
      reply: (m) => {
        setEditing(null);
        setReplyTo(m);
      },
      edit: (m) => {
        setReplyTo(null);
        setEditing(m);
      },
      remove: (m) => void deleteMessage(m.id!).catch(fail),
      react: (m, emoji, on) => void react(m.id!, emoji, on).catch(fail),
      pin: (m, pinned) => void setPinned(m.id!, pinned).catch(fail),
      copyLink: (m) => {
        const url = `${window.location.origin}/rooms/${roomId}?around=${m.seq}`;
        const copied = navigator.clipboard?.writeText(url);
        if (!copied) return setNotice({ text: url, error: false });
        copied.then(
          () => setNotice({ text: 'Link copied.', error: false }),
          () => setNotice({ text: url, error: false }),
        );
      },
      jumpTo: (reply) => void jumpTo(reply.seq).catch(fail),
    }),
    [deleteMessage, react, setPinned, setReplyTo, setEditing, jumpTo, fail, roomId],
  );

  // A room link with ?around=SEQ (a copied message link) lands on that message.
  const aroundDone = useRef(false);
  useEffect(() => {
    if (!chat.loaded || aroundDone.current) return;
    aroundDone.current = true;
    const around = Number(new URLSearchParams(window.location.search).get('around'));
    if (!Number.isInteger(around) || around <= 0) return;
    window.history.replaceState(null, '', window.location.pathname);
    void jumpTo(around).catch(fail);
  }, [chat.loaded, jumpTo, fail]);

  const { editing, editMessage } = chat;
  const submitEdit = useCallback(
    (content: string) => {
      if (!editing?.id) return;
      // Refused: the composer keeps the text and the edit stays open.
      editMessage(editing.id, content).then(() => setEditing(null), fail);
    },
    [editing, editMessage, setEditing, fail],
  );

  // Opening a room's socket joins it; tell the list without waiting for its next poll.
  useEffect(() => {
    if (online) update(roomId, (r) => (r.joined ? r : { ...r, joined: true }));
  }, [online, roomId, update]);

  useEffect(() => {
    if (!name) return;
    document.title = `#${name} · Fadmann`;
    return () => {
      document.title = 'Fadmann';
    };
  }, [name]);

  const newest = chat.hasMoreAfter
    ? undefined
    : chat.messages.findLast((m) => m.seq !== null && m.deletedAt === null);
  useEffect(() => {
    if (!newest || newest.seq === null) return;
    noteMessage(roomId, toMessage(newest, roomId));
  }, [newest, roomId, noteMessage]);

  if (chat.status.state === 'closed' && chat.status.reason !== 'stopped') {
    const text =
      chat.status.reason === 'not_found'
        ? 'This room does not exist.'
        : chat.status.reason === 'forbidden'
          ? 'You may not enter this room.'
          : 'Your session has ended.';
    return (
      <section className="chat chat-gone" aria-label="Room unavailable">
        <p>{text}</p>
        <button type="button" className="button" onClick={() => navigate({ name: 'home' })}>
          Back to rooms
        </button>
      </section>
    );
  }

  async function leave() {
    await api.leave(roomId);
    update(roomId, (r) => ({ ...r, joined: false, unreadCount: 0 }));
    navigate({ name: 'home' });
  }

  return (
    <section
      className="chat"
      aria-label={name ? `Room ${name}` : 'Room'}
      data-connection={chat.status.state}
    >
      <ChatHeader
        name={name}
        description={room?.description ?? null}
        onlineCount={chat.online.length}
        onlineShown={onlineShown}
        onToggleOnline={() => setOnlineToggled((t) => !t)}
        pinsShown={pinsShown}
        onTogglePins={() => setPinsShown((s) => !s)}
        joined={room?.joined ?? online}
        onLeave={leave}
      />
      <ConnectionBanner status={chat.status} onReconnect={chat.reconnectNow} />
      <div className={`chat-body${onlineShown ? ' with-online' : ''}`}>
        <div className="chat-column">
          <MessageList
            selfId={me.id}
            messages={chat.messages}
            windowId={chat.windowId}
            loaded={chat.loaded}
            hasMore={chat.hasMore}
            hasMoreAfter={chat.hasMoreAfter}
            loadingOlder={chat.loadingOlder}
            loadingNewer={chat.loadingNewer}
            error={chat.historyError}
            onLoadOlder={chat.loadOlder}
            onLoadNewer={chat.loadNewer}
            onJumpToLatest={() => void chat.jumpToLatest().catch(fail)}
            onSeen={chat.markSeen}
            onRetry={chat.retry}
            onDiscard={chat.discard}
            actions={actions}
            focus={chat.focus}
          />
          {notice && (
            <div
              className={`chat-notice${notice.error ? ' error' : ''}`}
              role={notice.error ? 'alert' : 'status'}
            >
              <span>{notice.text}</span>
              <button
                type="button"
                className="link-button"
                onClick={() => setNotice(null)}
                aria-label="Dismiss"
              >
                ✕
              </button>
            </div>
          )}
          <TypingIndicator names={chat.typingNames} />
          <Composer
            roomName={name}
            onSend={chat.send}
            onKeystroke={chat.keystroke}
            onStopTyping={chat.stopTyping}
            replyTo={chat.replyTo && toMessage(chat.replyTo, roomId)}
            onCancelReply={() => setReplyTo(null)}
            editing={editing && toMessage(editing, roomId)}
            onCancelEdit={() => setEditing(null)}
            onSubmitEdit={submitEdit}
            onEditLast={chat.editLast}
            members={chat.members}
          />
        </div>
        {pinsShown && (
          <PinnedPanel
            pins={chat.pins}
            load={chat.loadPins}
            onJump={(m) => void jumpTo(m.seq).catch(fail)}
            onClose={() => setPinsShown(false)}
          />
        )}
        {onlineShown && <OnlineList users={chat.online} selfId={me.id} />}
      </div>
    </section>
  );
}

const WIDE = '(min-width: 1101px)';

function useWideScreen(): boolean {
  const [wide, setWide] = useState(() => window.matchMedia?.(WIDE).matches ?? true);
  useEffect(() => {
    const query = window.matchMedia?.(WIDE);
    if (!query) return;
    const onChange = () => setWide(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return wide;
}
