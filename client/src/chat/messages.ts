import type { TimelineFrame } from '@contract/frames.js';
import type {
  Attachment,
  Author,
  Message,
  MessagePage,
  ReactionSummary,
  ReplyTo,
} from '@contract/messages.js';
import { REPLY_EXCERPT_LENGTH } from '@contract/messages.js';

export type SendStatus = 'sent' | 'pending' | 'failed';

/** A message as the list holds it: the contract's, or our own not yet confirmed. */
export interface ChatMessage extends Omit<Message, 'id' | 'seq' | 'roomId'> {
  /** Stable React key: kept when a pending message is confirmed. */
  key: string;
  /** null while our own message is not confirmed. */
  id: number | null;
  seq: number | null;
  status: SendStatus;
  /** The highest event seq this state already includes: older events change nothing. */
  stateSeq: number;
  /** Why a failed message failed. */
  error?: string;
  /** Why a pending message waits (a rate limit), shown instead of "Sending…". */
  note?: string;
}

/** A timeline event other than a new message. */
export type MessageEvent = Exclude<TimelineFrame, { type: 'message' }>;

export type HistoryMode =
  /** The first page, or a new newest page after coming back from an older window. */
  | 'latest'
  /** A page before the oldest loaded. */
  | 'older'
  /** A page after the newest loaded (while the window is not the newest). */
  | 'newer'
  /** Too much was missed: start again from the newest page. */
  | 'resync'
  /** The window is replaced by the page around a message (a jump). */
  | 'around'
  /** The window is replaced by the newest page ("Jump to latest"). */
  | 'jump';

/**
 * Confirmed messages in `seq` order, then our own not yet confirmed ones in send order.
 * The window may be an older part of the room (`hasMoreAfter`) after a jump.
 */
export interface MessagesState {
  confirmed: ChatMessage[];
  outbox: ChatMessage[];
  /** Older messages exist before the window. */
  hasMore: boolean;
  /** Newer messages exist after the window: it is not the room's newest part. */
  hasMoreAfter: boolean;
  loaded: boolean;
  /** The highest seq of any timeline event received: the resume cursor (`since`). */
  cursor: number;
  /** Bumped when the window is replaced (a jump), so the list starts afresh. */
  windowId: number;
}

export type MessagesAction =
  | {
      type: 'history';
      page: MessagePage | { messages: Message[]; hasMoreBefore: boolean; hasMoreAfter: boolean };
      mode: HistoryMode;
      selfId: number;
      /** The room's seq the page is known to include (its events are not applied again). */
      upTo?: number;
    }
  | { type: 'received'; message: Message; selfId: number; upTo?: number }
  | { type: 'event'; frame: MessageEvent; selfId: number }
  /** Our own change answered by REST: authoritative for this message. */
  | { type: 'updated'; message: Message }
  | { type: 'deletedLocally'; messageId: number }
  | { type: 'reactionSet'; messageId: number; reaction: ReactionSummary }
  | { type: 'pinSet'; messageId: number; pinned: boolean }
  | {
      type: 'queued';
      clientId: string;
      content: string;
      author: Author;
      createdAt: string;
      replyTo?: ReplyTo | null;
      /** The uploads sent with it, shown while it waits for confirmation. */
      attachments?: Attachment[];
    }
  | { type: 'failed'; clientId: string; error: string }
  | { type: 'delayed'; clientId: string; note: string }
  | { type: 'retrying'; clientId: string }
  | { type: 'discarded'; clientId: string };

export const initialMessages: MessagesState = {
  confirmed: [],
  outbox: [],
  hasMore: false,
  hasMoreAfter: false,
  loaded: false,
  cursor: 0,
  windowId: 0,
};

export function messagesReducer(state: MessagesState, action: MessagesAction): MessagesState {
  switch (action.type) {
    case 'history':
      return withHistory(state, action);
    case 'received': {
      const next = receive(state, action.message, action.selfId, action.upTo ?? 0, true);
      return withCursor(next, action.message.seq);
    }
    case 'event':
      return withCursor(applyEvent(state, action.frame, action.selfId), action.frame.seq);
    case 'updated':
      return updateMessage(state, action.message.id, (m) => ({
        ...m,
        content: action.message.content,
        editedAt: action.message.editedAt,
        deletedAt: action.message.deletedAt,
        mentions: action.message.mentions,
        mentionsRoom: action.message.mentionsRoom,
        attachments: action.message.deletedAt ? [] : (action.message.attachments ?? m.attachments),
      }));
    case 'deletedLocally':
      return tombstone(state, action.messageId);
    case 'reactionSet':
      return updateMessage(state, action.messageId, (m) => ({
        ...m,
        reactions: setReaction(m.reactions, action.reaction),
      }));
    case 'pinSet':
      return updateMessage(state, action.messageId, (m) =>
        m.pinned === action.pinned ? m : { ...m, pinned: action.pinned },
      );
    case 'queued':
      if (state.outbox.some((m) => m.clientId === action.clientId)) return state;
      return {
        ...state,
        outbox: [
          ...state.outbox,
          {
            key: action.clientId,
            id: null,
            seq: null,
            clientId: action.clientId,
            author: action.author,
            content: action.content,
            createdAt: action.createdAt,
            editedAt: null,
            deletedAt: null,
            replyTo: action.replyTo ?? null,
            mentions: [],
            mentionsRoom: false,
            reactions: [],
            attachments: action.attachments ?? [],
            pinned: false,
            status: 'pending',
            stateSeq: 0,
          },
        ],
      };
    case 'failed':
      return updateOutbox(state, action.clientId, {
        status: 'failed',
        error: action.error,
        note: undefined,
      });
    case 'delayed':
      return updateOutbox(state, action.clientId, { status: 'pending', note: action.note });
    case 'retrying':
      return updateOutbox(state, action.clientId, {
        status: 'pending',
        error: undefined,
        note: undefined,
      });
    case 'discarded':
      return { ...state, outbox: state.outbox.filter((m) => m.clientId !== action.clientId) };
  }
}

/** The newest confirmed message's seq (what the reader has seen), or null. */
export function lastSeq(state: MessagesState): number | null {
  return state.confirmed.at(-1)?.seq ?? null;
}

export function oldestSeq(state: MessagesState): number | null {
  return state.confirmed[0]?.seq ?? null;
}

/** Where a (re)connect resumes: null before the first page, then the highest event seq. */
export function resumeCursor(state: MessagesState): number | null {
  return state.loaded ? state.cursor : null;
}

export function visibleMessages(state: MessagesState): ChatMessage[] {
  // Our pending messages belong after the newest: not under an older window.
  if (state.hasMoreAfter || !state.outbox.length) return state.confirmed;
  return [...state.confirmed, ...state.outbox];
}

export function findBySeq(state: MessagesState, seq: number): ChatMessage | undefined {
  return state.confirmed.find((m) => m.seq === seq);
}

function withCursor(state: MessagesState, seq: number): MessagesState {
  return seq > state.cursor ? { ...state, cursor: seq } : state;
}

function withHistory(
  state: MessagesState,
  action: Extract<MessagesAction, { type: 'history' }>,
): MessagesState {
  const { page, mode, selfId } = action;
  const upTo = action.upTo ?? state.cursor;
  const replaces = mode === 'around' || mode === 'jump';
  let base = state;
  if (replaces) {
    base = { ...state, confirmed: [], windowId: state.windowId + 1 };
  } else if (mode === 'resync') {
    // Too much was missed to replay: start again from the newest page, keeping anything
    // newer that already arrived live.
    const newest = page.messages.at(-1)?.seq ?? 0;
    base = { ...state, confirmed: state.confirmed.filter((m) => (m.seq ?? 0) > newest) };
  }
  let next = base;
  for (const message of page.messages) next = receive(next, message, selfId, upTo, false);
  const before = 'hasMore' in page ? page.hasMore : page.hasMoreBefore;
  let hasMore = state.hasMore;
  if (mode === 'older' || !state.loaded || mode === 'resync' || replaces) hasMore = before;
  let hasMoreAfter = state.hasMoreAfter;
  if (mode === 'around') hasMoreAfter = 'hasMoreAfter' in page ? page.hasMoreAfter : false;
  else if (mode === 'newer') hasMoreAfter = 'hasMore' in page ? page.hasMore : page.hasMoreAfter;
  else if (mode !== 'older') hasMoreAfter = false;
  const newest = page.messages.at(-1)?.seq ?? 0;
  const cursor =
    mode === 'latest' || mode === 'resync' || mode === 'jump'
      ? Math.max(state.cursor, newest, action.upTo ?? 0)
      : state.cursor;
  return { ...next, hasMore, hasMoreAfter, cursor, loaded: true };
}

function receive(
  state: MessagesState,
  message: Message,
  selfId: number,
  upTo: number,
  live: boolean,
): MessagesState {
  const own =
    message.clientId !== null && message.author.id === selfId
      ? state.outbox.find((m) => m.clientId === message.clientId)
      : undefined;
  const outbox = own ? state.outbox.filter((m) => m !== own) : state.outbox;
  const stateSeq = Math.max(message.seq, upTo);
  const index = state.confirmed.findIndex((m) => m.id === message.id);
  if (index >= 0) {
    // Known already (a replay, a page overlapping what we hold): take its current state if
    // it is newer than ours, keeping which reactions are ours (live frames say `me: false`).
    const current = state.confirmed[index];
    if (stateSeq <= current.stateSeq) return own ? { ...state, outbox } : state;
    const fresh = fromMessage(message, current.key, stateSeq);
    const reactions = live ? keepMine(fresh.reactions, current.reactions) : fresh.reactions;
    const confirmed = state.confirmed.slice();
    confirmed[index] = { ...fresh, reactions };
    return { ...state, outbox, confirmed };
  }
  // A live message while the window shows an older part of the room: it is fetched with the
  // newer pages (or the newest one) when the reader gets there.
  if (live && state.hasMoreAfter) return { ...state, outbox };
  const entry = fromMessage(message, own?.key, stateSeq);
  return { ...state, outbox, confirmed: insertBySeq(state.confirmed, entry) };
}

function keepMine(fresh: ReactionSummary[], known: ReactionSummary[]): ReactionSummary[] {
  return fresh.map((r) =>
    r.me ? r : { ...r, me: known.some((k) => k.emoji === r.emoji && k.me) },
  );
}

function applyEvent(state: MessagesState, frame: MessageEvent, selfId: number): MessagesState {
  let next = updateMessage(state, frame.messageId, (m) => {
    if (frame.seq <= m.stateSeq) return m;
    const applied = { ...m, stateSeq: frame.seq };
    switch (frame.type) {
      case 'message.edited':
        return {
          ...applied,
          content: frame.content,
          editedAt: frame.editedAt,
          mentions: frame.mentions,
        };
      case 'message.deleted':
        return asTombstone(applied);
      case 'message.pinned':
        return { ...applied, pinned: frame.pinned };
      case 'reaction':
        return { ...applied, reactions: applyReaction(m.reactions, frame, selfId) };
    }
  });
  // Replies quote the message: keep their excerpt in step.
  if (frame.type === 'message.edited') {
    next = updateReplies(next, frame.messageId, frame.content.slice(0, REPLY_EXCERPT_LENGTH));
  } else if (frame.type === 'message.deleted') {
    next = updateReplies(next, frame.messageId, '');
  }
  return next;
}

function applyReaction(
  reactions: ReactionSummary[],
  frame: Extract<MessageEvent, { type: 'reaction' }>,
  selfId: number,
): ReactionSummary[] {
  // The frame carries the emoji's count after the event: set it, never add to it, so a
  // page that already held the change is not counted twice.
  const mine = frame.user.id === selfId;
  const existing = reactions.find((r) => r.emoji === frame.emoji);
  if (frame.count <= 0) return existing ? reactions.filter((r) => r !== existing) : reactions;
  const me = mine ? frame.added : (existing?.me ?? false);
  if (!existing) return [...reactions, { emoji: frame.emoji, count: frame.count, me }];
  if (existing.count === frame.count && existing.me === me) return reactions;
  return reactions.map((r) => (r === existing ? { ...r, count: frame.count, me } : r));
}

/** The server's answer to our PUT/DELETE of a reaction: its count and `me` are current. */
function setReaction(reactions: ReactionSummary[], reaction: ReactionSummary): ReactionSummary[] {
  const index = reactions.findIndex((r) => r.emoji === reaction.emoji);
  if (reaction.count <= 0) return reactions.filter((r) => r.emoji !== reaction.emoji);
  if (index < 0) return [...reactions, reaction];
  const next = reactions.slice();
  next[index] = reaction;
  return next;
}

function asTombstone(m: ChatMessage): ChatMessage {
  if (m.deletedAt) return m;
  return {
    ...m,
    content: '',
    deletedAt: new Date().toISOString(),
    reactions: [],
    mentions: [],
    mentionsRoom: false,
    attachments: [],
  };
}

function tombstone(state: MessagesState, messageId: number): MessagesState {
  return updateReplies(updateMessage(state, messageId, asTombstone), messageId, '');
}

function updateReplies(state: MessagesState, messageId: number, excerpt: string): MessagesState {
  if (!state.confirmed.some((m) => m.replyTo?.id === messageId && m.replyTo.excerpt !== excerpt))
    return state;
  return {
    ...state,
    confirmed: state.confirmed.map((m) =>
      m.replyTo?.id === messageId ? { ...m, replyTo: { ...m.replyTo, excerpt } } : m,
    ),
  };
}

function updateMessage(
  state: MessagesState,
  messageId: number,
  change: (m: ChatMessage) => ChatMessage,
): MessagesState {
  const index = state.confirmed.findIndex((m) => m.id === messageId);
  if (index < 0) return state;
  const updated = change(state.confirmed[index]);
  if (updated === state.confirmed[index]) return state;
  const confirmed = state.confirmed.slice();
  confirmed[index] = updated;
  return { ...state, confirmed };
}

function insertBySeq(list: ChatMessage[], entry: ChatMessage): ChatMessage[] {
  const seq = entry.seq ?? 0;
  let index = list.length;
  while (index > 0 && (list[index - 1].seq ?? 0) > seq) index -= 1;
  return [...list.slice(0, index), entry, ...list.slice(index)];
}

/** The contract's shape of a confirmed message (for the composer, the room list). */
export function toMessage(m: ChatMessage, roomId: number): Message {
  return {
    id: m.id ?? 0,
    roomId,
    seq: m.seq ?? 0,
    clientId: m.clientId,
    author: m.author,
    content: m.content,
    createdAt: m.createdAt,
    editedAt: m.editedAt,
    deletedAt: m.deletedAt,
    replyTo: m.replyTo,
    mentions: m.mentions,
    mentionsRoom: m.mentionsRoom,
    reactions: m.reactions,
    attachments: m.attachments,
    pinned: m.pinned,
  };
}

/** How a reply quotes `m`. */
export function toReplyTo(m: ChatMessage): ReplyTo {
  return {
    id: m.id ?? 0,
    seq: m.seq ?? 0,
    author: m.author,
    excerpt: m.deletedAt ? '' : m.content.slice(0, REPLY_EXCERPT_LENGTH),
  };
}

export function fromMessage(message: Message, key?: string, stateSeq = message.seq): ChatMessage {
  return {
    key: key ?? `m${message.id}`,
    id: message.id,
    seq: message.seq,
    clientId: message.clientId,
    author: message.author,
    content: message.content,
    createdAt: message.createdAt,
    editedAt: message.editedAt,
    deletedAt: message.deletedAt,
    replyTo: message.replyTo ?? null,
    mentions: message.mentions ?? [],
    mentionsRoom: message.mentionsRoom ?? false,
    reactions: message.reactions ?? [],
    attachments: message.attachments ?? [],
    pinned: message.pinned ?? false,
    status: 'sent',
    stateSeq,
  };
}

function updateOutbox(
  state: MessagesState,
  clientId: string,
  change: Partial<ChatMessage>,
): MessagesState {
  if (!state.outbox.some((m) => m.clientId === clientId)) return state;
  return {
    ...state,
    outbox: state.outbox.map((m) => (m.clientId === clientId ? { ...m, ...change } : m)),
  };
}
