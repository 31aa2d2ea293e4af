import type { Message } from '@contract/messages.js';
import type { Room } from '@contract/rooms.js';

import { roomSections, roomsReducer, roomTitle } from './roomsState';

const ana = { id: 1, username: 'ana', displayName: 'Ana' };
const bo = { id: 2, username: 'bo', displayName: 'Bo' };

function room(id: number, change: Partial<Room> = {}): Room {
  return {
    id,
    name: `room${id}`,
    description: '',
    kind: 'public',
    createdAt: '2026-11-30T10:00:00.000Z',
    memberCount: 2,
    onlineCount: 0,
    lastMessage: null,
    unreadCount: 0,
    mentionCount: 0,
    joined: true,
    role: 'member',
    notifyLevel: 'mentions',
    ...change,
  };
}

function message(seq: number, content = `message ${seq}`): Message {
  return {
    id: 100 + seq,
    roomId: 1,
    seq,
    clientId: null,
    author: bo,
    content,
    createdAt: '2026-11-30T10:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    mentions: [],
    mentionsRoom: false,
    reactions: [],
    attachments: [],
    pinned: false,
  };
}

describe(roomsReducer.name, () => {
  it('shows the open room as read whatever the list says', () => {
    const state = roomsReducer(null, {
      type: 'loaded',
      rooms: [room(1, { unreadCount: 3 }), room(2, { unreadCount: 4, mentionCount: 1 })],
      activeRoomId: 1,
    });
    expect(state?.map((r) => [r.unreadCount, r.mentionCount])).toEqual([
      [0, 0],
      [4, 1],
    ]);
  });

  it('takes every joined room’s counters from ready', () => {
    const loaded = roomsReducer(null, {
      type: 'loaded',
      rooms: [room(1), room(2)],
      activeRoomId: null,
    });
    const state = roomsReducer(loaded, {
      type: 'ready',
      rooms: [{ id: 2, lastSeq: 9, unreadCount: 5, mentionCount: 2 }],
      activeRoomId: null,
    });
    expect(state?.find((r) => r.id === 2)).toMatchObject({ unreadCount: 5, mentionCount: 2 });
    expect(state?.find((r) => r.id === 1)).toMatchObject({ unreadCount: 0 });
  });

  it('updates another room’s badges and preview live from room.activity', () => {
    const loaded = roomsReducer(null, {
      type: 'loaded',
      rooms: [room(1), room(2)],
      activeRoomId: 1,
    });
    const state = roomsReducer(loaded, {
      type: 'activity',
      frame: {
        type: 'room.activity',
        roomId: 2,
        lastSeq: 7,
        lastMessage: message(7, 'hello there'),
        unreadCount: 2,
        mentionCount: 1,
      },
      activeRoomId: 1,
    });
    const two = state?.find((r) => r.id === 2);
    expect(two).toMatchObject({ unreadCount: 2, mentionCount: 1 });
    expect(two?.lastMessage?.content).toBe('hello there');
  });

  it('adds a room the user was added to, and a new direct room', () => {
    const state = roomsReducer([room(1)], {
      type: 'membership',
      frame: {
        type: 'membership',
        roomId: 5,
        action: 'added',
        room: room(5, { kind: 'direct', name: null, members: [ana, bo], joined: true }),
      },
    });
    expect(state?.map((r) => r.id)).toEqual([1, 5]);
  });

  it('drops a private room the user was removed from, keeps a public one as not joined', () => {
    const start = [room(1, { unreadCount: 2 }), room(2, { kind: 'private' })];
    const removedPublic = roomsReducer(start, {
      type: 'membership',
      frame: { type: 'membership', roomId: 1, action: 'removed', room: room(1, { joined: false }) },
    });
    expect(removedPublic?.find((r) => r.id === 1)).toMatchObject({
      joined: false,
      role: null,
      unreadCount: 0,
    });
    const bannedPrivate = roomsReducer(removedPublic, {
      type: 'membership',
      frame: {
        type: 'membership',
        roomId: 2,
        action: 'banned',
        room: room(2, { kind: 'private', joined: false }),
      },
    });
    expect(bannedPrivate?.map((r) => r.id)).toEqual([1]);
  });

  it('renames live from room.updated and keeps the caller’s own fields', () => {
    const state = roomsReducer([room(1, { unreadCount: 3, role: 'owner' })], {
      type: 'updated',
      room: {
        id: 1,
        name: 'renamed',
        description: 'new words',
        kind: 'public',
        createdAt: '2026-11-30T10:00:00.000Z',
        memberCount: 4,
      },
    });
    expect(state?.[0]).toMatchObject({
      name: 'renamed',
      description: 'new words',
      memberCount: 4,
      unreadCount: 3,
      role: 'owner',
    });
  });

  it('keeps the newest message as the preview', () => {
    const state = roomsReducer([room(1, { lastMessage: message(5) })], {
      type: 'message',
      roomId: 1,
      message: message(4),
    });
    expect(state?.[0].lastMessage?.seq).toBe(5);
  });

  it('reads a room: no unread, no mentions', () => {
    const state = roomsReducer([room(1, { unreadCount: 3, mentionCount: 1 })], {
      type: 'read',
      roomId: 1,
    });
    expect(state?.[0]).toMatchObject({ unreadCount: 0, mentionCount: 0 });
  });
});

describe(roomTitle.name, () => {
  it('names a direct room after the other members by display name', () => {
    const dm = room(1, { kind: 'direct', name: null, members: [ana, bo] });
    expect(roomTitle(dm, ana.id)).toBe('Bo');
    expect(roomTitle(room(2), ana.id)).toBe('room2');
  });
});

describe(roomSections.name, () => {
  it('splits rooms into joined, direct and others, each by name', () => {
    const sections = roomSections(
      [
        room(1, { name: 'zeta' }),
        room(2, { name: 'alpha', joined: false }),
        room(3, { kind: 'direct', name: null, members: [ana, bo] }),
        room(4, { name: 'Beta', kind: 'private' }),
      ],
      ana.id,
    );
    expect(sections.joined.map((r) => r.id)).toEqual([4, 1]);
    expect(sections.direct.map((r) => r.id)).toEqual([3]);
    expect(sections.others.map((r) => r.id)).toEqual([2]);
  });
});
