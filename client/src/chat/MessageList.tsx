import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import { dayLabel, sameDay } from '../components/time';

import type { ChatMessage } from './messages';
import { MessageItem } from './MessageItem';

/** Messages by one author this close together share one header. */
const GROUP_WITHIN_MS = 5 * 60_000;
/** Load the previous page when scrolled this close to the top. */
const TOP_THRESHOLD_PX = 150;
const BOTTOM_THRESHOLD_PX = 60;

interface MessageListProps {
  selfId: number;
  messages: ChatMessage[];
  loaded: boolean;
  hasMore: boolean;
  loadingOlder: boolean;
  error: string | null;
  onLoadOlder: () => void;
  onSeen: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

export function MessageList(props: MessageListProps) {
  const { messages, hasMore, loadingOlder, onLoadOlder, onSeen } = props;
  const ref = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const [newBelow, setNewBelow] = useState(false);
  const firstKey = messages[0]?.key;
  const lastKey = messages.at(-1)?.key;

  const loadOlder = useCallback(() => {
    const el = ref.current;
    if (!el || !hasMore || loadingOlder) return;
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    onLoadOlder();
  }, [hasMore, loadingOlder, onLoadOlder]);

  const seenIfVisible = useCallback(() => {
    if (atBottom.current && document.visibilityState === 'visible') onSeen();
  }, [onSeen]);

  // Older messages were put above: keep what the reader was looking at in place.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !anchor.current) return;
    el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
    anchor.current = null;
  }, [firstKey]);

  // A new message at the bottom: follow it if the reader was already there.
  useLayoutEffect(() => {
    const el = ref.current;
    const last = messages.at(-1);
    if (!el) return;
    if (
      atBottom.current ||
      (last && last.author.id === props.selfId && last.status === 'pending')
    ) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
    } else if (last) {
      setNewBelow(true);
    }
  }, [lastKey, messages.length]);

  function jumpToNewest() {
    const el = ref.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setNewBelow(false);
    seenIfVisible();
  }

  useEffect(() => {
    seenIfVisible();
    const el = ref.current;
    // Too few messages to scroll: fetch more until the list can scroll or history ends.
    if (el && el.scrollHeight <= el.clientHeight && hasMore && !loadingOlder) loadOlder();
  }, [lastKey, seenIfVisible, hasMore, loadingOlder, loadOlder]);

  useEffect(() => {
    document.addEventListener('visibilitychange', seenIfVisible);
    window.addEventListener('focus', seenIfVisible);
    return () => {
      document.removeEventListener('visibilitychange', seenIfVisible);
      window.removeEventListener('focus', seenIfVisible);
    };
  }, [seenIfVisible]);

  function onScroll() {
    const el = ref.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_THRESHOLD_PX;
    if (atBottom.current) setNewBelow(false);
    if (el.scrollTop < TOP_THRESHOLD_PX) loadOlder();
    seenIfVisible();
  }

  return (
    <div className="messages-frame">
      <ol className="messages" ref={ref} onScroll={onScroll} aria-label="Messages" tabIndex={0}>
        <li className="history-edge" aria-live="polite">
          {props.error ? (
            <span className="error">{props.error}</span>
          ) : !props.loaded ? (
            'Loading messages…'
          ) : loadingOlder ? (
            'Loading older messages…'
          ) : hasMore ? (
            <button type="button" className="button ghost small" onClick={loadOlder}>
              Load older messages
            </button>
          ) : messages.length ? (
            'This is the beginning of the room.'
          ) : (
            'No messages yet. Say hello!'
          )}
        </li>
        {messages.map((message, index) => {
          const previous = messages[index - 1];
          const newDay = !previous || !sameDay(previous.createdAt, message.createdAt);
          return (
            <Fragment key={message.key}>
              {newDay && (
                <li className="day-divider" role="separator">
                  <span>{dayLabel(message.createdAt)}</span>
                </li>
              )}
              <MessageItem
                message={message}
                own={message.author.id === props.selfId}
                grouped={!newDay && continues(previous, message)}
                onRetry={props.onRetry}
                onDiscard={props.onDiscard}
              />
            </Fragment>
          );
        })}
      </ol>
      {newBelow && (
        <button type="button" className="button small jump" onClick={jumpToNewest}>
          New messages ↓
        </button>
      )}
    </div>
  );
}

function continues(previous: ChatMessage | undefined, message: ChatMessage): boolean {
  if (!previous || previous.author.id !== message.author.id) return false;
  if (previous.status === 'failed') return false;
  const gap = Date.parse(message.createdAt) - Date.parse(previous.createdAt);
  return gap >= 0 && gap < GROUP_WITHIN_MS;
}
