import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { Message, Room } from '../api/types';
import { showDesktopAlert } from '../notifications/desktopNotifications';
import { navigate, useLocationSearch } from '../router';
import { canLeave } from '../rooms/permissions';
import { roomTitle } from '../rooms/roomsState';
import { RoomSettings } from '../rooms/settings/RoomSettings';
import type { RoomsStore } from '../rooms/useRooms';
import { useCurrentUser, useSession } from '../session/SessionContext';
import type { UploadQueue } from '../uploads/uploadQueue';
import { messageSummary } from '../uploads/summary';
import { useUploadQueue } from '../uploads/useUploadQueue';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { ConnectionBanner } from './ConnectionBanner';
import type { MessageActions } from './MessageItem';
import { MessageList } from './MessageList';
import { toMessage } from './messages';
import { PinnedPanel } from './PinnedPanel';
import { OnlineList } from './OnlineList';
import { JoinBar, RoomGone } from './RoomPreview';
import { TypingIndicator } from './TypingIndicator';
import { useRoomChat } from './useRoomChat';

export function ChatView({
  roomId,
  rooms,
  onRead: onReadSeq,
}: {
  roomId: number;
  rooms: RoomsStore;
  /** The room was read up to `seq` (its notifications up to it are read too). */
  onRead?: (roomId: number, seq: number) => void;
}) {
  const { api } = useSession();
  const me = useCurrentUser();
  const { markRead, update, noteMessage } = rooms;
  const room = useRoom(roomId, rooms);
  const joined = room?.joined ?? false;
  const onRead = useCallback(
    (seq: number) => {
      markRead(roomId);
      onReadSeq?.(roomId, seq);
    },
    [markRead, roomId, onReadSeq],
  );
  const alertLive = useCallback(
    (message: Message) => {
      // "Every message" asks for an alert on each one, also in the open room while hidden.
      if (!room || room.notifyLevel !== 'all' || room.kind === 'direct') return;
      if (message.author.id === me.id) return;
      showDesktopAlert({
        title: `${message.author.displayName || message.author.username} in #${room.name}`,
        body: messageSummary(message.content, message.attachments),
        tag: `fadmann-room-${room.id}`,
        onClick: () => undefined,
      });
    },
    [room, me.id],
  );
  const chat = useRoomChat(roomId, joined, onRead, alertLive);
  const uploads = useUploadQueue();
  const drop = useFileDrop(uploads, joined && !chat.editing);
  const name = room ? roomTitle(room, me.id) : chat.roomName;
  const online = chat.status.state === 'online' && chat.subscription === 'subscribed';
  const [settingsShown, setSettingsShown] = useState(false);
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

  // A room link with ?around=SEQ (a copied message link, a notification) lands on that
  // message, also when the room is open already.
  const search = useLocationSearch();
  useEffect(() => {
    if (!chat.loaded) return;
    const around = Number(new URLSearchParams(search).get('around'));
    if (!Number.isInteger(around) || around <= 0) return;
    window.history.replaceState(null, '', window.location.pathname);
    void jumpTo(around).catch(fail);
  }, [chat.loaded, search, jumpTo, fail]);

  const { editing, editMessage } = chat;
  const submitEdit = useCallback(
    (content: string) => {
      if (!editing?.id) return;
      // Refused: the composer keeps the text and the edit stays open.
      editMessage(editing.id, content).then(() => setEditing(null), fail);
    },
    [editing, editMessage, setEditing, fail],
  );

  const newest = chat.hasMoreAfter
    ? undefined
    : chat.messages.findLast((m) => m.seq !== null && m.deletedAt === null);
  useEffect(() => {
    if (!newest || newest.seq === null) return;
    noteMessage(roomId, toMessage(newest, roomId));
  }, [newest, roomId, noteMessage]);

  if (chat.subscription === 'not_found') return <RoomGone text="This room does not exist." />;
  if (chat.subscription === 'forbidden')
    return <RoomGone text="You may not enter this room: you were banned from it." />;

  async function leave() {
    await api.leave(roomId);
    update(roomId, (r) => ({ ...r, joined: false, role: null, unreadCount: 0 }));
    navigate({ name: 'home' });
  }

  async function join() {
    await api.join(roomId);
    update(roomId, (r) => ({
      ...r,
      joined: true,
      role: r.role ?? 'member',
      memberCount: r.memberCount + 1,
    }));
    chat.reloadMembers();
  }

  return (
    <section
      className="chat"
      aria-label={name ? `Room ${name}` : 'Room'}
      data-connection={
        online ? 'online' : chat.status.state === 'online' ? 'joining' : chat.status.state
      }
      {...drop.handlers}
    >
      {drop.over && (
        <div className="drop-overlay" aria-hidden="true">
          Drop files to attach them
        </div>
      )}
      <ChatHeader
        name={name}
        kind={room?.kind}
        description={room?.description || null}
        onlineCount={chat.online.length}
        onlineShown={onlineShown}
        onToggleOnline={() => setOnlineToggled((t) => !t)}
        pinsShown={pinsShown}
        onTogglePins={() => setPinsShown((s) => !s)}
        canLeave={room ? canLeave(room.role, room.kind) : false}
        onLeave={leave}
        settingsShown={settingsShown}
        onToggleSettings={room ? () => setSettingsShown((s) => !s) : undefined}
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
          {room && !joined && <JoinBar room={room} name={name} onJoin={join} />}
          {joined && (
            <Composer
              roomName={name && room?.kind !== 'direct' ? `#${name}` : name}
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
              uploads={uploads}
            />
          )}
        </div>
        {pinsShown && (
          <PinnedPanel
            pins={chat.pins}
            load={chat.loadPins}
            onJump={(m) => void jumpTo(m.seq).catch(fail)}
            onClose={() => setPinsShown(false)}
          />
        )}
        {settingsShown && room && (
          <RoomSettings
            room={room}
            members={chat.members}
            reloadMembers={() => void chat.reloadMembers()}
            onClose={() => setSettingsShown(false)}
          />
        )}
        {onlineShown && !settingsShown && <OnlineList users={chat.online} selfId={me.id} />}
      </div>
    </section>
  );
}

/**
 * The room as the list knows it; a room the list lacks (a link to a room not listed yet)
 * is asked for by REST.
 */
function useRoom(roomId: number, rooms: RoomsStore): Room | null {
  const { api } = useSession();
  const listed = rooms.rooms?.find((r) => r.id === roomId) ?? null;
  const missing = rooms.rooms !== null && !listed;
  const [fetched, setFetched] = useState<Room | null>(null);
  useEffect(() => {
    if (!missing) return;
    let current = true;
    api.getRoom(roomId).then(
      (room) => current && setFetched(room),
      () => undefined, // The subscription says why (not found, banned).
    );
    return () => {
      current = false;
    };
  }, [api, roomId, missing]);
  return listed ?? (missing ? fetched : null);
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

/** Files dragged over the chat view are attached when dropped. */
function useFileDrop(uploads: UploadQueue, enabled: boolean) {
  const [over, setOver] = useState(false);
  // dragenter and dragleave fire for every child crossed: count them.
  const depth = useRef(0);
  const carriesFiles = (event: DragEvent) =>
    enabled && Array.from(event.dataTransfer?.types ?? []).includes('Files');
  const handlers = {
    onDragEnter: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setOver(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser opens the file instead of dropping it here.
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop: (event: DragEvent) => {
      depth.current = 0;
      setOver(false);
      if (!enabled || !event.dataTransfer?.files.length) return;
      event.preventDefault();
      uploads.add(Array.from(event.dataTransfer.files));
    },
  };
  return { over, handlers };
}
