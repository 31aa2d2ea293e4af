import {
  forwardRef,
  type HTMLAttributes,
  useCallback,
  useEffect,
  useEffectEvent,
  useRef,
  useState,
} from 'react';
import { type ContextProp, type ItemProps, Virtuoso, type VirtuosoHandle } from 'react-virtuoso';

import { dayLabel, sameDay } from '../components/time';
import type { ChatMessage } from './messages';
import { type MessageActions, MessageItem } from './MessageItem';

/** Messages by one author this close together share one header. */
const GROUP_WITHIN_MS = 5 * 60_000;
/** How long a message jumped to stays highlighted. */
const HIGHLIGHT_MS = 2_500;
/** Virtuoso's indexes only go down when older messages are put above: start high. */
const FIRST_INDEX = 1_000_000;

interface MessageListProps {
  selfId: number;
  messages: ChatMessage[];
  /** Changes when the list's window is replaced (a jump): the list starts afresh. */
  windowId?: number;
  loaded: boolean;
  hasMore: boolean;
  /** The window is an older part of the room: newer messages follow. */
  hasMoreAfter?: boolean;
  loadingOlder: boolean;
  loadingNewer?: boolean;
  error: string | null;
  onLoadOlder: () => void;
  onLoadNewer?: () => void;
  onJumpToLatest?: () => void;
  onSeen: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  actions?: MessageActions;
  /** Scroll to the message at or just before this seq and highlight it. */
  focus?: { seq: number; nonce: number } | null;
}

/** The message list, virtualised (react-virtuoso): only what is on screen is rendered. */
export function MessageList(props: MessageListProps) {
  const { messages, hasMore, loadingOlder, onLoadOlder, onSeen, windowId = 0 } = props;
  const hasMoreAfter = props.hasMoreAfter ?? false;
  const virtuoso = useRef<VirtuosoHandle>(null);
  const atBottom = useRef(true);
  const [newBelow, setNewBelow] = useState(false);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const firstKey = messages[0]?.key;
  const last = messages.at(-1);

  // Older messages were put above: lower the first index by as many, so Virtuoso keeps
  // what the reader was looking at in place.
  const [anchor, setAnchor] = useState({ windowId, firstKey, index: FIRST_INDEX });
  let firstItemIndex = anchor.index;
  if (anchor.windowId !== windowId || anchor.firstKey !== firstKey) {
    const at =
      anchor.windowId === windowId ? messages.findIndex((m) => m.key === anchor.firstKey) : -1;
    firstItemIndex = anchor.windowId !== windowId ? FIRST_INDEX : anchor.index - Math.max(at, 0);
    setAnchor({ windowId, firstKey, index: firstItemIndex });
  }

  const seenIfVisible = useCallback(() => {
    if (atBottom.current && document.visibilityState === 'visible') onSeen();
  }, [onSeen]);

  const loadOlder = useCallback(() => {
    if (hasMore && !loadingOlder) onLoadOlder();
  }, [hasMore, loadingOlder, onLoadOlder]);

  // A new message at the bottom: Virtuoso follows it when the reader is there (followOutput);
  // our own new message is always followed; otherwise offer a button.
  const lastKey = last?.key;
  const onNewLast = useEffectEvent(() => {
    if (!last || hasMoreAfter) return;
    if (last.author.id === props.selfId && last.status === 'pending') {
      virtuoso.current?.scrollToIndex({ index: messages.length - 1, align: 'end' });
      atBottom.current = true;
    } else if (!atBottom.current) {
      setNewBelow(true);
    }
    seenIfVisible();
  });
  useEffect(() => onNewLast(), [lastKey]);

  // A jump: scroll to the message and highlight it for a moment.
  const focusNonce = props.focus?.nonce;
  const onFocus = useEffectEvent(() => {
    const focus = props.focus;
    if (!focus) return;
    let index = messages.findIndex((m) => m.seq === focus.seq);
    if (index < 0) index = messages.findLastIndex((m) => m.seq !== null && m.seq <= focus.seq);
    if (index < 0) return;
    virtuoso.current?.scrollToIndex({ index, align: 'center' });
    setHighlighted(messages[index].key);
    return setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
  });
  // A new jump (nonce), or its page has just arrived (window).
  useEffect(() => {
    const timer = onFocus();
    return () => clearTimeout(timer);
  }, [focusNonce, windowId]);

  useEffect(() => {
    document.addEventListener('visibilitychange', seenIfVisible);
    window.addEventListener('focus', seenIfVisible);
    return () => {
      document.removeEventListener('visibilitychange', seenIfVisible);
      window.removeEventListener('focus', seenIfVisible);
    };
  }, [seenIfVisible]);

  function jumpToNewest() {
    if (hasMoreAfter) {
      props.onJumpToLatest?.();
    } else {
      virtuoso.current?.scrollToIndex({ index: messages.length - 1, align: 'end' });
    }
    atBottom.current = true;
    setNewBelow(false);
    seenIfVisible();
  }

  const focusIndex = props.focus
    ? messages.findLastIndex((m) => m.seq !== null && m.seq <= props.focus!.seq)
    : -1;

  return (
    <div className="messages-frame">
      <Virtuoso
        // Mounted afresh once the first page is in (so it starts at the bottom) and per window.
        key={`${windowId}:${props.loaded}`}
        ref={virtuoso}
        className="messages"
        data={messages}
        firstItemIndex={firstItemIndex}
        initialTopMostItemIndex={
          focusIndex >= 0
            ? { index: focusIndex, align: 'center' }
            : { index: Math.max(messages.length - 1, 0), align: 'end' }
        }
        computeItemKey={(_, message) => message.key}
        followOutput={(bottom) => (bottom && !hasMoreAfter ? 'auto' : false)}
        atBottomThreshold={60}
        atBottomStateChange={(bottom) => {
          atBottom.current = bottom && !hasMoreAfter;
          if (bottom) setNewBelow(false);
          seenIfVisible();
        }}
        startReached={loadOlder}
        endReached={() => {
          if (hasMoreAfter && !props.loadingNewer) props.onLoadNewer?.();
        }}
        increaseViewportBy={{ top: 400, bottom: 400 }}
        components={{ List, Item, Header, Footer }}
        context={{ props, loadOlder }}
        itemContent={(index, message) => {
          const previous = messages[index - firstItemIndex - 1];
          const newDay = !previous || !sameDay(previous.createdAt, message.createdAt);
          return (
            <>
              {newDay && (
                <div className="day-divider" role="separator">
                  <span>{dayLabel(message.createdAt)}</span>
                </div>
              )}
              <MessageItem
                message={message}
                own={message.author.id === props.selfId}
                selfId={props.selfId}
                grouped={!newDay && continues(previous, message)}
                highlighted={highlighted === message.key}
                actions={props.actions}
                onRetry={props.onRetry}
                onDiscard={props.onDiscard}
              />
            </>
          );
        }}
      />
      {hasMoreAfter ? (
        <button type="button" className="button small jump" onClick={jumpToNewest}>
          Jump to latest ↓
        </button>
      ) : (
        newBelow && (
          <button type="button" className="button small jump" onClick={jumpToNewest}>
            New messages ↓
          </button>
        )
      )}
    </div>
  );
}

interface ListContext {
  props: MessageListProps;
  loadOlder: () => void;
}

const List = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement> & ContextProp<ListContext>>(
  function List({ context: _context, ...listProps }, ref) {
    return <div {...listProps} ref={ref} role="list" aria-label="Messages" />;
  },
);

function Item({
  children,
  item: _item,
  context: _context,
  ...rest
}: ItemProps<ChatMessage> & ContextProp<ListContext>) {
  return (
    <div {...rest} role="listitem">
      {children}
    </div>
  );
}

function Header({ context }: { context?: ListContext }) {
  if (!context) return null;
  const { props, loadOlder } = context;
  return (
    <div className="history-edge" aria-live="polite">
      {props.error ? (
        <span className="error">{props.error}</span>
      ) : !props.loaded ? (
        'Loading messages…'
      ) : props.loadingOlder ? (
        'Loading older messages…'
      ) : props.hasMore ? (
        <button type="button" className="button ghost small" onClick={loadOlder}>
          Load older messages
        </button>
      ) : props.messages.length ? (
        'This is the beginning of the room.'
      ) : (
        'No messages yet. Say hello!'
      )}
    </div>
  );
}

function Footer({ context }: { context?: ListContext }) {
  if (!context?.props.hasMoreAfter) return null;
  return (
    <div className="history-edge" aria-live="polite">
      {context.props.loadingNewer ? 'Loading newer messages…' : ''}
    </div>
  );
}

function continues(previous: ChatMessage | undefined, message: ChatMessage): boolean {
  if (!previous || previous.author.id !== message.author.id) return false;
  if (previous.status === 'failed') return false;
  if (message.replyTo) return false;
  const gap = Date.parse(message.createdAt) - Date.parse(previous.createdAt);
  return gap >= 0 && gap < GROUP_WITHIN_MS;
}
