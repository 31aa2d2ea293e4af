import type { InboxRoomState, UserSocketFrame } from '@contract/frames.js';
import type { Message } from '@contract/messages.js';
import type { NotifyLevel, Room, RoomIdentity } from '@contract/rooms.js';

type Activity = Extract<UserSocketFrame, { type: 'room.activity' }>;
type Membership = Extract<UserSocketFrame, { type: 'membership' }>;

/** The rooms list: null until the first GET /api/rooms answers. */
export type RoomsState = Room[] | null;

export type RoomsAction =
  /** The list from REST; the open room is being read, whatever the server last heard. */
  | { type: 'loaded'; rooms: Room[]; activeRoomId: number | null }
  /** The per-user socket's `ready`: every joined room's counters. */
  | { type: 'ready'; rooms: InboxRoomState[]; activeRoomId: number | null }
  | { type: 'activity'; frame: Activity; activeRoomId: number | null }
  | { type: 'membership'; frame: Membership }
  | { type: 'updated'; room: RoomIdentity }
  /** The open room was read up to its newest message. */
  | { type: 'read'; roomId: number }
  /** A message seen in the open room: the newest shown in the list. */
  | { type: 'message'; roomId: number; message: Message }
  | { type: 'notify'; roomId: number; level: NotifyLevel }
  | { type: 'upsert'; room: Room }
  | { type: 'update'; roomId: number; change: (room: Room) => Room };

export function roomsReducer(state: RoomsState, action: RoomsAction): RoomsState {
  switch (action.type) {
    case 'loaded':
      return action.rooms.map((r) => (r.id === action.activeRoomId ? readRoom(r) : r));
    case 'ready': {
      const counters = new Map(action.rooms.map((r) => [r.id, r]));
      return map(state, (r) => {
        const c = counters.get(r.id);
        if (!c) return r;
        const next = { ...r, unreadCount: c.unreadCount, mentionCount: c.mentionCount };
        return r.id === action.activeRoomId ? readRoom(next) : next;
      });
    }
    case 'activity': {
      const { frame } = action;
      return update(state, frame.roomId, (r) => {
        const next = {
          ...r,
          lastMessage: frame.lastMessage,
          unreadCount: frame.unreadCount,
          mentionCount: frame.mentionCount,
        };
        return r.id === action.activeRoomId ? readRoom(next) : next;
      });
    }
    case 'membership':
      return withMembership(state, action.frame);
    case 'updated': {
      const { id, name, description, kind, createdAt, memberCount } = action.room;
      return update(state, id, (r) => ({ ...r, name, description, kind, createdAt, memberCount }));
    }
    case 'read':
      return update(state, action.roomId, readRoom);
    case 'message':
      return update(state, action.roomId, (r) =>
        r.lastMessage && r.lastMessage.seq >= action.message.seq
          ? r
          : { ...r, lastMessage: action.message },
      );
    case 'notify':
      return update(state, action.roomId, (r) => ({ ...r, notifyLevel: action.level }));
    case 'upsert':
      return [...(state ?? []).filter((r) => r.id !== action.room.id), action.room];
    case 'update':
      return update(state, action.roomId, action.change);
  }
}

/** Joined or added: the room is ours; gone: a public room stays listed, any other leaves. */
function withMembership(state: RoomsState, frame: Membership): RoomsState {
  const others = (state ?? []).filter((r) => r.id !== frame.roomId);
  const room = { ...frame.room, id: frame.roomId };
  switch (frame.action) {
    case 'joined':
    case 'added':
    case 'role':
      return [...others, { ...room, joined: true }];
    case 'left':
    case 'removed':
    case 'banned':
      if (room.kind !== 'public') return others;
      return [...others, { ...room, joined: false, role: null, unreadCount: 0, mentionCount: 0 }];
  }
}

function readRoom(room: Room): Room {
  return room.unreadCount === 0 && room.mentionCount === 0
    ? room
    : { ...room, unreadCount: 0, mentionCount: 0 };
}

function map(state: RoomsState, change: (room: Room) => Room): RoomsState {
  return state && state.map(change);
}

function update(state: RoomsState, roomId: number, change: (room: Room) => Room): RoomsState {
  return map(state, (r) => (r.id === roomId ? change(r) : r));
}

/** A room's name as people see it: a direct room is named after its other members. */
export function roomTitle(room: Pick<Room, 'name' | 'kind' | 'members'>, selfId: number): string {
  if (room.kind !== 'direct' || room.name) return room.name ?? 'Room';
  const members = room.members ?? [];
  const others = members.filter((m) => m.id !== selfId);
  const names = (others.length ? others : members).map((m) => m.displayName || m.username);
  return names.length ? names.join(', ') : 'Direct message';
}

/** The sidebar's sections, each sorted by name. */
export function roomSections(rooms: Room[], selfId: number) {
  const byTitle = (a: Room, b: Room) =>
    roomTitle(a, selfId).localeCompare(roomTitle(b, selfId), undefined, { sensitivity: 'base' });
  const sorted = [...rooms].sort(byTitle);
  return {
    joined: sorted.filter((r) => r.joined && r.kind !== 'direct'),
    direct: sorted.filter((r) => r.kind === 'direct'),
    others: sorted.filter((r) => !r.joined && r.kind !== 'direct'),
  };
}
