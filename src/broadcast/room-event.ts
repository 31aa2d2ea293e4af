/** The events of a room as they travel between instances and out to sockets (API.md frames). */
export interface UserRef {
  id: number;
  username: string;
}

export interface MessagePayload {
  id: number;
  roomId: number;
  seq: number;
  clientId: string | null;
  author: { id: number; username: string; displayName: string };
  content: string;
  createdAt: string;
  editedAt: string | null;
}

export type RoomEvent =
  | { type: 'message'; message: MessagePayload }
  | { type: 'read'; user: UserRef; seq: number }
  | { type: 'typing'; user: UserRef; isTyping: boolean }
  | { type: 'presence'; user: UserRef; online: boolean }
  /** Not a frame: the user left the room over REST, so the gateway closes their sockets there. */
  | { type: 'left'; user: UserRef };

export type RoomEventHandler = (roomId: number, event: RoomEvent) => void;
export type SessionEndedHandler = (sessionId: string) => void;
