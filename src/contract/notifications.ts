import type { Author } from './messages.js';

/** Notifications (see messages.ts for why this file is pure types). */

/** In order of precedence: a message makes at most one notification per person, the first that applies. */
export type NotificationKind = 'direct' | 'mention' | 'reply' | 'room_mention';

export interface Notification {
  id: number;
  kind: NotificationKind;
  roomId: number;
  messageId: number;
  /** The message's seq: reading the room up to it reads the notification. */
  seq: number;
  actor: Author;
  /** The first REPLY_EXCERPT_LENGTH characters of the message. */
  excerpt: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  /** Newest first. */
  notifications: Notification[];
  hasMore: boolean;
  /** All of the caller's unread notifications, whatever the page. */
  unreadCount: number;
}

export type MarkNotificationsRead = { ids: number[] } | { all: true };

export const NOTIFICATION_PAGE_DEFAULT = 50;
export const NOTIFICATION_PAGE_MAX = 100;
