import type { Notification, NotificationPage } from '@contract/notifications.js';

export interface NotificationsState {
  /** Newest first. */
  items: Notification[];
  /** All of the user's unread notifications, also those not loaded. */
  unreadCount: number;
  hasMore: boolean;
  loaded: boolean;
  /** How far this tab read each room: a notification arriving after its read is read. */
  readUpTo: Record<number, number>;
}

export type NotificationsAction =
  /** The newest page (first load, or after a reconnect). */
  | { type: 'loaded'; page: NotificationPage }
  /** An older page. */
  | { type: 'more'; page: NotificationPage }
  | { type: 'received'; notification: Notification }
  | { type: 'read'; ids: number[] | 'all'; now: string; unreadCount?: number }
  /** The room's read position moved to `seq`: the server reads its notifications up to it. */
  | { type: 'roomRead'; roomId: number; seq: number; now: string };

export const initialNotifications: NotificationsState = {
  items: [],
  unreadCount: 0,
  hasMore: false,
  loaded: false,
  readUpTo: {},
};

export function notificationsReducer(
  state: NotificationsState,
  action: NotificationsAction,
): NotificationsState {
  switch (action.type) {
    case 'loaded': {
      const { page } = action;
      // Keep an older part already loaded, after the fresh newest page.
      const oldest = page.notifications.at(-1)?.id ?? Infinity;
      const older = state.items.filter((n) => n.id < oldest);
      return {
        ...state,
        items: [...page.notifications, ...(page.hasMore ? [] : older)],
        unreadCount: page.unreadCount,
        hasMore: page.hasMore,
        loaded: true,
      };
    }
    case 'more': {
      const known = new Set(state.items.map((n) => n.id));
      const fresh = action.page.notifications.filter((n) => !known.has(n.id));
      return { ...state, items: [...state.items, ...fresh], hasMore: action.page.hasMore };
    }
    case 'received': {
      if (state.items.some((n) => n.id === action.notification.id)) return state;
      // Its message was read here already (the notification came after the read frame).
      const read = (state.readUpTo[action.notification.roomId] ?? 0) >= action.notification.seq;
      const notification =
        read && !action.notification.readAt
          ? { ...action.notification, readAt: action.notification.createdAt }
          : action.notification;
      return {
        ...state,
        items: [notification, ...state.items],
        unreadCount: state.unreadCount + (notification.readAt ? 0 : 1),
      };
    }
    case 'read': {
      const { ids, now } = action;
      const hit = (n: Notification) => !n.readAt && (ids === 'all' || ids.includes(n.id));
      return markRead(state, hit, now, action.unreadCount);
    }
    case 'roomRead': {
      const { roomId, seq, now } = action;
      const readUpTo = { ...state.readUpTo, [roomId]: Math.max(seq, state.readUpTo[roomId] ?? 0) };
      const next = markRead(state, (n) => !n.readAt && n.roomId === roomId && n.seq <= seq, now);
      return { ...next, readUpTo };
    }
  }
}

function markRead(
  state: NotificationsState,
  hit: (n: Notification) => boolean,
  now: string,
  unreadCount?: number,
): NotificationsState {
  const count = state.items.filter(hit).length;
  if (count === 0 && unreadCount === undefined) return state;
  return {
    ...state,
    items: count ? state.items.map((n) => (hit(n) ? { ...n, readAt: now } : n)) : state.items,
    unreadCount: unreadCount ?? Math.max(0, state.unreadCount - count),
  };
}

/** The tab's title: "(3) #general · Fadmann" while 3 notifications are unread. */
export function documentTitle(unreadCount: number, place: string | null): string {
  const base = place ? `${place} · Fadmann` : 'Fadmann';
  if (unreadCount <= 0) return base;
  return `(${unreadCount > 99 ? '99+' : unreadCount}) ${base}`;
}

/** What happened, in a few words: "mentioned you in #general". */
export function notificationText(kind: Notification['kind'], place: string): string {
  switch (kind) {
    case 'direct':
      return 'sent you a direct message';
    case 'mention':
      return `mentioned you in ${place}`;
    case 'reply':
      return `replied to you in ${place}`;
    case 'room_mention':
      return `notified everyone in ${place}`;
  }
}
