import { memo } from 'react';

import { Avatar } from '../components/Avatar';
import { fullTime, shortTime } from '../components/time';
import { navigate } from '../router';
import type { ChatMessage } from './messages';

interface MessageItemProps {
  message: ChatMessage;
  own: boolean;
  grouped: boolean;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

// Content is rendered as a React text node only: it is never interpreted as HTML.
export const MessageItem = memo(function MessageItem(props: MessageItemProps) {
  const { message, own, grouped } = props;
  const name = message.author.displayName || message.author.username;
  const openProfile = () => navigate({ name: 'profile', userId: message.author.id });
  const classes = ['message', message.status, own ? 'own' : '', grouped ? 'grouped' : ''];

  return (
    <li className={classes.filter(Boolean).join(' ')} data-seq={message.seq ?? undefined}>
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
          </div>
        )}
        <p className="message-text">{message.content}</p>
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
    </li>
  );
});

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
