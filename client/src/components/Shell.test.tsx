import type { Message } from '@contract/messages.js';
import type { Notification } from '@contract/notifications.js';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { Room } from '../api/types';
import { Session } from '../session/session';
import { SessionProvider } from '../session/SessionContext';
import { TokenStore } from '../session/tokenStore';
import type { UserSocketFrame } from '../socket/frames';
import { Shell } from './Shell';

// The logged-in screens against a fake server: the sidebar and the bell kept live by the
// per-user socket's frames.

class FakeSocket {
  static all: FakeSocket[] = [];
  static OPEN = 1;
  readyState = 0;
  sent: unknown[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  frame(frame: UserSocketFrame) {
    act(() => this.onmessage?.({ data: JSON.stringify(frame) }));
  }
}

const ana = { id: 1, username: 'ana', displayName: 'Ana' };
const bo = { id: 2, username: 'bo', displayName: 'Bo' };

function room(id: number, name: string, change: Partial<Room> = {}): Room {
  return {
    id,
    name,
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

function message(seq: number, content: string): Message {
  return {
    id: 100 + seq,
    roomId: 2,
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

const notification: Notification = {
  id: 9,
  kind: 'direct',
  roomId: 3,
  messageId: 109,
  seq: 4,
  actor: bo,
  excerpt: 'psst',
  createdAt: '2026-11-30T10:00:00.000Z',
  readAt: null,
};

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

async function setup(rooms: Room[], path = '/') {
  window.history.replaceState(null, '', path);
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url === '/api/rooms') return json(200, rooms);
      if (url.startsWith('/api/notifications'))
        return json(200, { notifications: [], hasMore: false, unreadCount: 0 });
      if (url.endsWith('/members')) return json(200, []);
      if (url.includes('/messages')) return json(200, { messages: [], hasMore: false });
      return json(404, { message: 'Not found' });
    }),
  );
  new TokenStore().save({
    refreshToken: 'r1',
    accessToken: 'a1',
    accessExpiresAt: Date.now() + 600_000,
    user: ana,
  });
  render(
    <SessionProvider session={new Session(new TokenStore(), undefined)}>
      <Shell />
    </SessionProvider>,
  );
  await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
  const socket = FakeSocket.all[0];
  socket.readyState = 1;
  socket.frame({
    type: 'ready',
    user: { id: 1, username: 'ana' },
    rooms: rooms.filter((r) => r.joined).map((r) => ({ ...r, lastSeq: 0 })),
  });
  return socket;
}

describe('Shell', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('updates another room’s badge and preview from room.activity', async () => {
    const socket = await setup([room(1, 'general'), room(2, 'random')], '/rooms/1');
    await screen.findByRole('link', { name: 'Room random' });
    expect(socket.sent).toContainEqual({ type: 'subscribe', roomId: 1 });
    socket.frame({
      type: 'room.activity',
      roomId: 2,
      lastSeq: 5,
      lastMessage: message(5, 'news from random'),
      unreadCount: 2,
      mentionCount: 1,
    });
    const link = await screen.findByRole('link', { name: 'Room random, 2 unread, 1 mention' });
    expect(link.textContent).toContain('Bo: news from random');
  });

  it('adds a new direct room live, named after the other person', async () => {
    const socket = await setup([room(1, 'general')]);
    await screen.findByRole('link', { name: 'Room general' });
    socket.frame({
      type: 'membership',
      roomId: 3,
      action: 'added',
      room: room(3, '', { name: null, kind: 'direct', members: [ana, bo], notifyLevel: 'all' }),
    });
    expect(await screen.findByRole('link', { name: 'Direct message with Bo' })).toBeTruthy();
  });

  it('counts a live notification on the bell and in the title, and alerts while hidden', async () => {
    const shown: string[] = [];
    class FakeNotification {
      static permission = 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string) {
        shown.push(title);
      }
      close() {}
    }
    vi.stubGlobal('Notification', FakeNotification);
    const hidden = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const socket = await setup([room(1, 'general')]);
    socket.frame({ type: 'notification', notification });
    await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    expect(document.title).toBe('(1) Fadmann');
    expect(shown).toEqual(['Bo sent you a direct message']);
    hidden.mockRestore();
  });

  it('never asks for the desktop permission on load, only from the button', async () => {
    const requestPermission = vi.fn(async () => 'granted');
    vi.stubGlobal('Notification', { permission: 'default', requestPermission });
    await setup([room(1, 'general')]);
    expect(requestPermission).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    await userEvent.click(screen.getByRole('button', { name: 'Enable desktop notifications' }));
    expect(requestPermission).toHaveBeenCalledTimes(1);
  });

  it('leaves the open room with a notice when the user is removed from it', async () => {
    const socket = await setup(
      [room(1, 'general'), room(4, 'secret', { kind: 'private' })],
      '/rooms/4',
    );
    await screen.findByRole('link', { name: /^Room secret/ });
    socket.frame({
      type: 'membership',
      roomId: 4,
      action: 'removed',
      room: room(4, 'secret', { kind: 'private', joined: false, role: null }),
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'You were removed from #secret.',
    );
    expect(window.location.pathname).toBe('/');
    expect(screen.queryByRole('link', { name: /^Room secret/ })).toBeNull();
  });

  it('renames a room live from room.updated', async () => {
    const socket = await setup([room(1, 'general')]);
    await screen.findByRole('link', { name: 'Room general' });
    socket.frame({
      type: 'room.updated',
      room: {
        id: 1,
        name: 'lobby',
        description: '',
        kind: 'public',
        createdAt: '2026-11-30T10:00:00.000Z',
        memberCount: 2,
      },
    });
    expect(await screen.findByRole('link', { name: 'Room lobby' })).toBeTruthy();
  });
});
