import type { Author, Message, MessagePage } from '../api/types';

export type SendStatus = 'sent' | 'pending' | 'failed';

export interface ChatMessage {
  /** Stable React key: kept when a pending message is confirmed. */
  key: string;
  seq: number | null;
  clientId: string | null;
  author: Author;
  content: string;
  createdAt: string;
  status: SendStatus;
  /** Why a failed message failed. */
  error?: string;
  /** Why a pending message waits (a rate limit), shown instead of "Sending…". */
  note?: string;
}

/** Confirmed messages in `seq` order, then our own not yet confirmed ones in send order. */
export interface MessagesState {
  confirmed: ChatMessage[];
  outbox: ChatMessage[];
  hasMore: boolean;
  loaded: boolean;
}

export type MessagesAction =
  | { type: 'history'; page: MessagePage; mode: 'older' | 'latest' | 'resync'; selfId: number }
  | { type: 'received'; message: Message; selfId: number }
  | { type: 'queued'; clientId: string; content: string; author: Author; createdAt: string }
  | { type: 'failed'; clientId: string; error: string }
  | { type: 'delayed'; clientId: string; note: string }
  | { type: 'retrying'; clientId: string }
  | { type: 'discarded'; clientId: string };

export const initialMessages: MessagesState = {
  confirmed: [],
  outbox: [],
  hasMore: false,
  loaded: false,
};

export function messagesReducer(state: MessagesState, action: MessagesAction): MessagesState {
  switch (action.type) {
    case 'history':
      return withHistory(state, action.page, action.mode, action.selfId);
    case 'received':
      return receive(state, action.message, action.selfId);
    case 'queued':
      if (state.outbox.some((m) => m.clientId === action.clientId)) return state;
      return {
        ...state,
        outbox: [
          ...state.outbox,
          {
            key: action.clientId,
            seq: null,
            clientId: action.clientId,
            author: action.author,
            content: action.content,
            createdAt: action.createdAt,
            status: 'pending',
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

export function lastSeq(state: MessagesState): number | null {
  return state.confirmed.at(-1)?.seq ?? null;
}

export function oldestSeq(state: MessagesState): number | null {
  return state.confirmed[0]?.seq ?? null;
}

export function visibleMessages(state: MessagesState): ChatMessage[] {
  return state.outbox.length ? [...state.confirmed, ...state.outbox] : state.confirmed;
}

function withHistory(
  state: MessagesState,
  page: MessagePage,
  mode: 'older' | 'latest' | 'resync',
  selfId: number,
): MessagesState {
  let base = state;
  if (mode === 'resync') {
    // Too much was missed to replay: start again from the newest page, keeping anything
    // newer that already arrived live.
    const newest = page.messages.at(-1)?.seq ?? 0;
    base = { ...state, confirmed: state.confirmed.filter((m) => (m.seq ?? 0) > newest) };
  }
  let next = base;
  for (const message of page.messages) next = receive(next, message, selfId);
  const hasMore =
    mode === 'older' || !state.loaded || mode === 'resync' ? page.hasMore : state.hasMore;
  return { ...next, hasMore, loaded: true };
}

function receive(state: MessagesState, message: Message, selfId: number): MessagesState {
  const own =
    message.clientId !== null && message.author.id === selfId
      ? state.outbox.find((m) => m.clientId === message.clientId)
      : undefined;
  const outbox = own ? state.outbox.filter((m) => m !== own) : state.outbox;
  if (state.confirmed.some((m) => m.seq === message.seq)) {
    return own ? { ...state, outbox } : state;
  }
  const entry = fromMessage(message, own?.key);
  return { ...state, outbox, confirmed: insertBySeq(state.confirmed, entry) };
}

function insertBySeq(list: ChatMessage[], entry: ChatMessage): ChatMessage[] {
  const seq = entry.seq ?? 0;
  let index = list.length;
  while (index > 0 && (list[index - 1].seq ?? 0) > seq) index -= 1;
  return [...list.slice(0, index), entry, ...list.slice(index)];
}

function fromMessage(message: Message, key?: string): ChatMessage {
  return {
    key: key ?? `m${message.id}`,
    seq: message.seq,
    clientId: message.clientId,
    author: message.author,
    content: message.content,
    createdAt: message.createdAt,
    status: 'sent',
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
