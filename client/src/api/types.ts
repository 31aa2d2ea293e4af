// Shapes of the public API (REST under /api, see /api/docs).

export interface User {
  id: number;
  username: string;
  displayName?: string | null;
}

export interface AuthResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number | string;
  user?: User;
}

export interface Profile {
  id: number;
  username: string;
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  createdAt: string;
  lastSeenAt: string | null;
}

export type ProfileUpdate = Partial<Pick<Profile, 'displayName' | 'bio' | 'avatarUrl'>>;

export interface Author {
  id: number;
  username: string;
  displayName: string | null;
}

export interface Message {
  id: number;
  roomId: number;
  seq: number;
  clientId: string | null;
  author: Author;
  content: string;
  createdAt: string;
  editedAt: string | null;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface Room {
  id: number;
  name: string;
  description: string | null;
  createdAt: string;
  memberCount: number;
  onlineCount: number;
  lastMessage: Message | null;
  unreadCount: number;
  joined: boolean;
}

export interface Member {
  id: number;
  username: string;
  displayName: string | null;
  online: boolean;
  joinedAt: string;
}

export interface ReadPosition {
  lastReadSeq: number;
  unreadCount: number;
}
