import type { ReplyTo } from '@contract/messages.js';
import { memo, type PointerEvent, useEffect, useRef, useState } from 'react';

import { Avatar } from '../components/Avatar';
import { fullTime, shortTime } from '../components/time';
import { MessageContent } from '../markdown/MessageContent';
import { navigate } from '../router';
import { Attachments } from '../uploads/Attachments';
import type { ChatMessage } from './messages';
import { Icon } from './icons';
import { ReactionPicker } from './ReactionPicker';

/** What can be done to a confirmed message; one stable object for the whole list. */
export interface MessageActions {
  reply: (message: ChatMessage) => void;
  edit: (message: ChatMessage) => void;
  remove: (message: ChatMessage) => void;
  /** `on`: add the reaction (PUT), else take it back (DELETE). */
  react: (message: ChatMessage, emoji: string, on: boolean) => void;
  pin: (message: ChatMessage, pinned: boolean) => void;
  copyLink: (message: ChatMessage) => void;
  jumpTo: (reply: ReplyTo) => void;
}

interface MessageItemProps {
  message: ChatMessage;
  own: boolean;
  selfId: number;
  grouped: boolean;
  highlighted?: boolean;
  actions?: MessageActions;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

const LONG_PRESS_MS = 500;

// Content is rendered from Markdown by React elements only: never interpreted as HTML.
export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const { message, own, grouped, actions, selfId } = props;
  const name = message.author.displayName || message.author.username;
  const openProfile = () => navigate({ name: 'profile', userId: message.author.id });
  const deleted = message.deletedAt !== null;
  const mentionsMe =
    !deleted && (message.mentionsRoom || message.mentions.some((u) => u.id === selfId));
  const [menuOpen, setMenuOpen] = useState(false);
  const press = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(press.current ?? undefined), []);
  const classes = [
    'message',
    message.status,
    own ? 'own' : '',
    grouped ? 'grouped' : '',
    deleted ? 'deleted' : '',
    mentionsMe ? 'mentions-me' : '',
    props.highlighted ? 'highlighted' : '',
    menuOpen ? 'menu-open' : '',
  ];
  const canAct = actions && message.id !== null && message.status === 'sent' && !deleted;

  // Touch: a long press opens the actions (a "⋯" button does too).
  function onPointerDown(event: PointerEvent) {
    if (event.pointerType !== 'touch' || !canAct) return;
    press.current = setTimeout(() => setMenuOpen(true), LONG_PRESS_MS);
  }
  function cancelPress() {
    clearTimeout(press.current ?? undefined);
  }

  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-message-id={message.id ?? undefined}
      data-seq={message.seq ?? undefined}
      role="article"
      aria-label={`${name}, ${fullTime(message.createdAt)}`}
      onPointerDown={onPointerDown}
      onPointerUp={cancelPress}
      onPointerLeave={cancelPress}
      onPointerCancel={cancelPress}
    >
      <div className="message-gutter">
        {grouped ? (
          <time
            className="message-time-hover"
            dateTime={message.createdAt}
            title={fullTime(message.createdAt)}
          >
            {shortTime(message.createdAt)}
          </time>
        ) : (
          <button
            type="button"
            className="avatar-button"
            onClick={openProfile}
            aria-label={`Profile of ${name}`}
            tabIndex={-1}
          >
            <Avatar name={name} userId={message.author.id} />
          </button>
        )}
      </div>
      <div className="message-body">
        {message.replyTo && <ReplyQuote reply={message.replyTo} onJump={actions?.jumpTo} />}
        {!grouped && (
          <div className="message-meta">
            <button
              type="button"
              className="author"
              onClick={openProfile}
              aria-label={`Profile of ${name}`}
            >
              {name}
            </button>
            <time dateTime={message.createdAt} title={fullTime(message.createdAt)}>
              {shortTime(message.createdAt)}
            </time>
            {message.pinned && !deleted && (
              <span className="pinned-mark" title="Pinned">
                <Icon name="pin" /> Pinned
              </span>
            )}
          </div>
        )}
        {grouped && message.pinned && !deleted && (
          <span className="pinned-mark" title="Pinned">
            <Icon name="pin" /> Pinned
          </span>
        )}
        {deleted ? (
          <p className="message-tombstone">message deleted</p>
        ) : message.content === '' && message.attachments.length > 0 ? null : (
          <div className={message.editedAt ? 'message-text has-edited' : 'message-text'}>
            <MessageContent
              content={message.content}
              mentions={message.mentions}
              mentionsRoom={message.mentionsRoom}
              meId={selfId}
            />
            {message.editedAt && (
              <span className="edited-mark" title={`Edited ${fullTime(message.editedAt)}`}>
                (edited)
              </span>
            )}
          </div>
        )}
        {/* A tombstone shows none: its files are deleted with it. */}
        {!deleted && <Attachments list={message.attachments} />}
        {!deleted && message.reactions.length > 0 && (
          <div className="reactions" role="group" aria-label="Reactions">
            {message.reactions.map((r) => (
              <button
                key={r.emoji}
                type="button"
                className={`reaction-chip${r.me ? ' mine' : ''}`}
                aria-pressed={r.me}
                disabled={!canAct}
                title={r.me ? 'Take back your reaction' : 'React with this too'}
                onClick={() => actions?.react(message, r.emoji, !r.me)}
              >
                <span className="reaction-emoji">{r.emoji}</span>{' '}
                <span className="reaction-count">{r.count}</span>
              </button>
            ))}
          </div>
        )}
        {message.status === 'pending' && (
          <p className="message-status">{message.note ?? 'Sending…'}</p>
        )}
        {message.status === 'failed' && message.clientId && (
          <FailedNote
            error={message.error}
            onRetry={() => props.onRetry(message.clientId!)}
            onDiscard={() => props.onDiscard(message.clientId!)}
          />
        )}
      </div>
      {canAct && (
        <MessageToolbar
          message={message}
          own={own}
          actions={actions}
          open={menuOpen}
          onOpenChange={setMenuOpen}
        />
      )}
    </div>
  );
});

function ReplyQuote({ reply, onJump }: { reply: ReplyTo; onJump?: (reply: ReplyTo) => void }) {
  const name = reply.author.displayName || reply.author.username;
  const gone = reply.excerpt === '';
  return (
    <button
      type="button"
      className="reply-quote"
      onClick={() => onJump?.(reply)}
      title="Go to the message answered"
    >
      <span className="reply-author">{gone ? 'Reply to a' : name}</span>{' '}
      <span className={gone ? 'reply-excerpt gone' : 'reply-excerpt'}>
        {gone ? 'deleted message' : reply.excerpt}
      </span>
    </button>
  );
}

function MessageToolbar(props: {
  message: ChatMessage;
  own: boolean;
  actions: MessageActions;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { message, own, actions, open, onOpenChange } = props;
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const close = () => {
    setPicking(false);
    setConfirming(false);
    onOpenChange(false);
  };
  const act = (run: () => void) => () => {
    run();
    close();
  };
  const mine = new Set(message.reactions.filter((r) => r.me).map((r) => r.emoji));

  return (
    <div
      className={`message-actions${open || picking || confirming ? ' open' : ''}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <button
        type="button"
        className="message-actions-toggle"
        aria-label="Message actions"
        aria-expanded={open}
        onClick={() => onOpenChange(!open)}
      >
        <Icon name="more" />
      </button>
      <div className="message-actions-bar" role="toolbar" aria-label="Message actions">
        <button type="button" onClick={act(() => actions.reply(message))} aria-label="Reply">
          <Icon name="reply" />
        </button>
        <button
          type="button"
          onClick={() => setPicking((p) => !p)}
          aria-label="React"
          aria-expanded={picking}
        >
          <Icon name="react" />
        </button>
        {own && (
          <button type="button" onClick={act(() => actions.edit(message))} aria-label="Edit">
            <Icon name="edit" />
          </button>
        )}
        {own && (
          <button type="button" onClick={() => setConfirming(true)} aria-label="Delete">
            <Icon name="delete" />
          </button>
        )}
        <button
          type="button"
          onClick={act(() => actions.pin(message, !message.pinned))}
          aria-label={message.pinned ? 'Unpin' : 'Pin'}
        >
          <Icon name="pin" />
        </button>
        <button type="button" onClick={act(() => actions.copyLink(message))} aria-label="Copy link">
          <Icon name="link" />
        </button>
      </div>
      {picking && (
        <ReactionPicker
          onPick={(emoji) => {
            actions.react(message, emoji, !mine.has(emoji));
            close();
          }}
          onClose={close}
        />
      )}
      {confirming && (
        <div className="confirm-delete" role="alertdialog" aria-label="Delete this message?">
          <span>Delete this message?</span>
          <button
            type="button"
            className="button small danger"
            onClick={act(() => actions.remove(message))}
          >
            Yes, delete
          </button>
          <button type="button" className="button ghost small" onClick={close}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}

function FailedNote(props: { error?: string; onRetry: () => void; onDiscard: () => void }) {
  return (
    <p className="message-status failed-note" role="alert">
      <span>{props.error ?? 'Not sent.'}</span>
      <button type="button" className="link-button" onClick={props.onRetry}>
        Retry
      </button>
      <button type="button" className="link-button" onClick={props.onDiscard}>
        Discard
      </button>
    </p>
  );
}
