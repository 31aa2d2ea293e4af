import type { Message } from '@contract/messages.js';
import { useEffect, useState } from 'react';

import { fullTime, shortTime } from '../components/time';
import { messageSummary } from '../uploads/summary';

const EXCERPT = 140;

/** The room's pinned messages, newest pin first; a click jumps to the message. */
export function PinnedPanel(props: {
  pins: Message[] | null;
  load: () => Promise<void>;
  onJump: (message: Message) => void;
  onClose: () => void;
}) {
  const { load } = props;
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    load().then(
      () => setError(null),
      (caught: unknown) =>
        setError(caught instanceof Error ? caught.message : 'Could not load the pins.'),
    );
  }, [load]);

  return (
    <aside id="pinned-panel" className="pinned-panel" aria-label="Pinned messages">
      <header className="pinned-panel-header">
        <h2>Pinned messages</h2>
        <button
          type="button"
          className="button ghost small"
          onClick={props.onClose}
          aria-label="Close pinned messages"
        >
          ✕
        </button>
      </header>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : props.pins === null ? (
        <p className="pinned-empty">Loading…</p>
      ) : props.pins.length === 0 ? (
        <p className="pinned-empty">Nothing is pinned in this room yet.</p>
      ) : (
        <ul className="pinned-list">
          {props.pins.map((m) => {
            const name = m.author.displayName || m.author.username;
            const content = messageSummary(m.content, m.attachments);
            const text = content.length > EXCERPT ? `${content.slice(0, EXCERPT)}…` : content;
            return (
              <li key={m.id}>
                <button type="button" className="pinned-item" onClick={() => props.onJump(m)}>
                  <span className="pinned-meta">
                    <strong>{name}</strong>{' '}
                    <time dateTime={m.createdAt} title={fullTime(m.createdAt)}>
                      {shortTime(m.createdAt)}
                    </time>
                  </span>
                  <span className="pinned-text">{text}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}
