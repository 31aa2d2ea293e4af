import { useCallback, useEffect, useState } from 'react';

import { navigate } from '../router';
import { useCurrentUser, useSession } from '../session/SessionContext';
import type { RoomsStore } from '../rooms/useRooms';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { ConnectionBanner } from './ConnectionBanner';
import { MessageList } from './MessageList';
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

  const newest = chat.messages.findLast((m) => m.seq !== null);
  useEffect(() => {
    if (!newest || newest.seq === null) return;
    const { id, seq, clientId, author, content, createdAt, editedAt, deletedAt } = newest;
    noteMessage(roomId, {
      id: id ?? 0,
      roomId,
      seq,
      clientId,
      author,
      content,
      createdAt,
      editedAt,
      deletedAt,
      replyTo: newest.replyTo,
      mentions: newest.mentions,
      mentionsRoom: newest.mentionsRoom,
      reactions: newest.reactions,
      attachments: [],
      pinned: newest.pinned,
    });
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
        joined={room?.joined ?? online}
        onLeave={leave}
      />
      <ConnectionBanner status={chat.status} onReconnect={chat.reconnectNow} />
      <div className={`chat-body${onlineShown ? ' with-online' : ''}`}>
        <div className="chat-column">
          <MessageList
            selfId={me.id}
            messages={chat.messages}
            loaded={chat.loaded}
            hasMore={chat.hasMore}
            loadingOlder={chat.loadingOlder}
            error={chat.historyError}
            onLoadOlder={chat.loadOlder}
            onSeen={chat.markSeen}
            onRetry={chat.retry}
            onDiscard={chat.discard}
          />
          <TypingIndicator names={chat.typingNames} />
          <Composer
            roomName={name}
            onSend={chat.send}
            onKeystroke={chat.keystroke}
            onStopTyping={chat.stopTyping}
          />
        </div>
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
