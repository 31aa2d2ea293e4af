/**
 * The message shapes of the public contract, written once: the server's response classes
 * implement them, the SPA and the bench import them, so a drift fails the compiler.
 * Pure types and constants only: nothing here may import a module of the server.
 */

export interface UserRef {
  id: number;
  username: string;
}

export interface Author extends UserRef {
  displayName: string;
}

export interface ReactionSummary {
  emoji: string;
  count: number;
  /** Whether the caller reacted with it; always false in live `message` frames. */
  me: boolean;
}

export interface ReplyTo {
  id: number;
  seq: number;
  author: Author;
  /** The first REPLY_EXCERPT_LENGTH characters of the message answered; "" once deleted. */
  excerpt: string;
}

export type AttachmentKind = 'image' | 'audio' | 'voice' | 'video' | 'file';

export interface Attachment {
  id: number;
  kind: AttachmentKind;
  name: string;
  mimeType: string;
  size: number;
  width?: number;
  height?: number;
  durationMs?: number;
  waveform?: number[];
  url: string;
  thumbnailUrl?: string;
}

export interface Message {
  id: number;
  roomId: number;
  /** The seq of the message's creation. */
  seq: number;
  clientId: string | null;
  author: Author;
  /** Markdown text as sent (trimmed); "" once deleted. */
  content: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  replyTo: ReplyTo | null;
  mentions: UserRef[];
  mentionsRoom: boolean;
  reactions: ReactionSummary[];
  attachments: Attachment[];
  pinned: boolean;
}

export interface MessagePage {
  /** Ascending by seq. */
  messages: Message[];
  /** More messages beyond this page in the paging direction. */
  hasMore: boolean;
}

export interface MessagesAround {
  messages: Message[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}

export interface SendMessage {
  content: string;
  clientId?: string | null;
  replyToId?: number | null;
  attachmentIds?: number[];
}

export interface EditMessage {
  content: string;
}

export interface PinState {
  pinned: boolean;
}

export const MAX_CONTENT_LENGTH = 4000;
/** Text may hold any character but NUL, which PostgreSQL cannot store. */
export const NO_NUL = /^[^\0]*$/;
export const MAX_CLIENT_ID_LENGTH = 64;
export const REPLY_EXCERPT_LENGTH = 200;
export const MAX_REACTIONS_PER_MESSAGE = 20;
export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 100;
