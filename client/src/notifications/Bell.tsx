import { useEffect, useRef, useState } from 'react';

import type { Notification } from '../api/types';
import { Icon } from '../chat/icons';
import { shortTime } from '../components/time';
import { openMessage } from '../router';
import { notificationText } from './notificationsState';
import type { NotificationsStore } from './useNotifications';

/** The bell: the unread count, and the list, each entry leading to its message. */
export function Bell({
  store,
  placeOf,
}: {
  store: NotificationsStore;
  placeOf: (roomId: number) => string;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { unreadCount, items } = store;
  const root = useRef<HTMLDivElement>(null);

  // Escape or a click elsewhere closes the list.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  function go(notification: Notification) {
    if (!notification.readAt) void store.markRead([notification.id]).catch(() => undefined);
    setOpen(false);
    openMessage(notification.roomId, notification.seq);
  }

  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="button ghost small bell-button"
        aria-expanded={open}
        aria-controls="notifications-panel"
        aria-label={`Notifications${unreadCount > 0 ? `, ${unreadCount} unread` : ''}`}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" />
        {unreadCount > 0 && (
          <span className="badge" aria-hidden="true">
            {unreadCount > 99 ? '99+' : unreadCount}
          </span>
        )}
      </button>
      {open && (
        <section
          className="notifications-panel"
          id="notifications-panel"
          aria-label="Notifications"
        >
          <header className="notifications-head">
            <h2 className="section-title">Notifications</h2>
            {unreadCount > 0 && (
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  void store.markRead('all').catch(() => setError('Could not mark them read.'))
                }
              >
                Mark all read
              </button>
            )}
          </header>
          {store.permission === 'default' && (
            <button
              type="button"
              className="button small"
              onClick={() => void store.askPermission()}
            >
              Enable desktop notifications
            </button>
          )}
          {store.permission === 'denied' && (
            <p className="muted small-note">Desktop notifications are blocked in this browser.</p>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <ul className="notifications-list">
            {items.map((n) => (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                <button type="button" className="notification" onClick={() => go(n)}>
                  <span className="notification-line">
                    <strong>{n.actor.displayName || n.actor.username}</strong>{' '}
                    {notificationText(n.kind, placeOf(n.roomId))}
                    <span className="notification-time"> · {shortTime(n.createdAt)}</span>
                  </span>
                  <span className="notification-excerpt">{n.excerpt}</span>
                </button>
              </li>
            ))}
            {items.length === 0 && <li className="muted small-note">Nothing yet.</li>}
          </ul>
          {store.hasMore && (
            <button
              type="button"
              className="link-button"
              onClick={() => void store.loadMore().catch(() => undefined)}
            >
              Older notifications
            </button>
          )}
        </section>
      )}
    </div>
  );
}
