import type { Notification } from '@contract/notifications.js';

import {
  documentTitle,
  initialNotifications,
  notificationsReducer,
  notificationText,
} from './notificationsState';

function notification(id: number, change: Partial<Notification> = {}): Notification {
  return {
    id,
    kind: 'mention',
    roomId: 1,
    messageId: 100 + id,
    seq: id,
    actor: { id: 2, username: 'bo', displayName: 'Bo' },
    excerpt: `hey @ana ${id}`,
    createdAt: '2026-11-30T10:00:00.000Z',
    readAt: null,
    ...change,
  };
}

const page = (items: Notification[], unreadCount: number, hasMore = false) => ({
  notifications: items,
  hasMore,
  unreadCount,
});

describe(notificationsReducer.name, () => {
  it('loads the newest page with the server’s unread count', () => {
    const state = notificationsReducer(initialNotifications, {
      type: 'loaded',
      page: page([notification(3), notification(2)], 5, true),
    });
    expect(state).toMatchObject({ unreadCount: 5, hasMore: true, loaded: true });
    expect(state.items.map((n) => n.id)).toEqual([3, 2]);
  });

  it('puts a live notification first and counts it once', () => {
    let state = notificationsReducer(initialNotifications, {
      type: 'loaded',
      page: page([notification(1)], 1),
    });
    state = notificationsReducer(state, { type: 'received', notification: notification(2) });
    state = notificationsReducer(state, { type: 'received', notification: notification(2) });
    expect(state.items.map((n) => n.id)).toEqual([2, 1]);
    expect(state.unreadCount).toBe(2);
  });

  it('marks some read at once, then takes the server’s count', () => {
    let state = notificationsReducer(initialNotifications, {
      type: 'loaded',
      page: page([notification(2), notification(1)], 7),
    });
    state = notificationsReducer(state, { type: 'read', ids: [2], now: 'now' });
    expect(state.unreadCount).toBe(6);
    expect(state.items[0].readAt).toBe('now');
    state = notificationsReducer(state, { type: 'read', ids: [2], now: 'now', unreadCount: 4 });
    expect(state.unreadCount).toBe(4);
  });

  it('marks all read', () => {
    let state = notificationsReducer(initialNotifications, {
      type: 'loaded',
      page: page([notification(2), notification(1)], 2),
    });
    state = notificationsReducer(state, { type: 'read', ids: 'all', now: 'now' });
    expect(state.unreadCount).toBe(0);
    expect(state.items.every((n) => n.readAt)).toBe(true);
  });

  it('reads a room’s notifications up to the read position', () => {
    let state = notificationsReducer(initialNotifications, {
      type: 'loaded',
      page: page([notification(9), notification(5), notification(4, { roomId: 2 })], 3),
    });
    state = notificationsReducer(state, { type: 'roomRead', roomId: 1, seq: 5, now: 'now' });
    expect(state.items.map((n) => n.readAt)).toEqual([null, 'now', null]);
    expect(state.unreadCount).toBe(2);
  });

  it('counts no notification whose message this tab has read already', () => {
    let state = notificationsReducer(initialNotifications, {
      type: 'roomRead',
      roomId: 1,
      seq: 6,
      now: 'now',
    });
    state = notificationsReducer(state, { type: 'received', notification: notification(6) });
    expect(state.unreadCount).toBe(0);
    expect(state.items[0].readAt).not.toBeNull();
    state = notificationsReducer(state, { type: 'received', notification: notification(7) });
    expect(state.unreadCount).toBe(1);
  });

  it('appends older pages without repeating', () => {
    let state = notificationsReducer(initialNotifications, {
      type: 'loaded',
      page: page([notification(3), notification(2)], 0, true),
    });
    state = notificationsReducer(state, {
      type: 'more',
      page: page([notification(2), notification(1)], 0),
    });
    expect(state.items.map((n) => n.id)).toEqual([3, 2, 1]);
    expect(state.hasMore).toBe(false);
  });
});

describe(documentTitle.name, () => {
  it('shows the unread count first', () => {
    expect(documentTitle(3, null)).toBe('(3) Fadmann');
    expect(documentTitle(0, null)).toBe('Fadmann');
    expect(documentTitle(2, '#general')).toBe('(2) #general · Fadmann');
    expect(documentTitle(120, null)).toBe('(99+) Fadmann');
  });
});

describe(notificationText.name, () => {
  it('says what happened', () => {
    expect(notificationText('mention', '#general')).toBe('mentioned you in #general');
    expect(notificationText('direct', 'Bo')).toBe('sent you a direct message');
  });
});
