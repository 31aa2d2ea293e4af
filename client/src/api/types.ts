// Shapes of the public API (REST under /api, see /api/docs): the contract's, written once in
// src/contract and shared with the server.

export type {
  Attachment,
  Author,
  EditMessage,
  Message,
  MessagePage,
  MessagesAround,
  PinState,
  ReactionSummary,
  ReplyTo,
  SendMessage,
  UserRef,
} from '@contract/messages.js';
export type {
  Ban,
  Member,
  MemberAction,
  NotifyLevel,
  ReadPosition,
  Role,
  Room,
  RoomKind,
} from '@contract/rooms.js';
export type { Notification, NotificationPage } from '@contract/notifications.js';
export type {
  AuthTokens as AuthResponse,
  Profile,
  ProfileUpdate,
  UserSummary,
} from '@contract/users.js';

import type { UserSummary } from '@contract/users.js';

/**
 * The signed-in user as the session keeps it: the contract's UserSummary, except that a
 * session saved in the browser by an older version may lack the display name.
 */
export type User = Omit<UserSummary, 'displayName'> & { displayName?: string | null };
