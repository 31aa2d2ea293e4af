import type { Message } from '@contract/messages.js';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VirtuosoMockContext } from 'react-virtuoso';

import type { Room } from '../api/types';
import { RoomsContext } from '../rooms/RoomsContext';
import type { RoomsStore } from '../rooms/useRooms';
import { Session } from '../session/session';
import { SessionProvider } from '../session/SessionContext';
import { TokenStore } from '../session/tokenStore';
import { FakeXhr } from '../test/fakeXhr';
import type { RoomFrame, UserSocketFrame } from '../socket/frames';
import { SocketProvider } from '../socket/SocketContext';
import { ChatView } from './ChatView';

// The chat view against a fake server: REST through a stubbed fetch, the per-user socket
// through a stubbed WebSocket. Room frames are sent as the per-user socket does, with roomId.

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
  drop() {
    this.readyState = 3;
    act(() => this.onclose?.({ code: 1006 }));
  }
  /** A frame of room 7. */
  frame(frame: RoomFrame) {
    this.userFrame({ ...frame, roomId: 7 });
  }
  userFrame(frame: UserSocketFrame) {
    act(() => this.onmessage?.({ data: JSON.stringify(frame) }));
  }
  /** The socket is ready, and the room's subscription answered. */
  accept(lastSeq: number) {
    this.readyState = 1;
    this.userFrame({
      type: 'ready',
      user: { id: 1, username: 'ana' },
      rooms: [{ id: 7, lastSeq, unreadCount: 0, mentionCount: 0 }],
    });
    this.userFrame({
      type: 'subscribed',
      roomId: 7,
      room: { id: 7, name: 'general', kind: 'public' },
      online: [],
      lastSeq,
    });
  }
}

const general: Room = {
  id: 7,
  name: 'general',
  description: '',
  kind: 'public',
  createdAt: '2026-11-25T09:00:00.000Z',
  memberCount: 2,
  onlineCount: 1,
  lastMessage: null,
  unreadCount: 0,
  mentionCount: 0,
  joined: true,
  role: 'member',
  notifyLevel: 'mentions',
};

const ana = { id: 1, username: 'ana', displayName: 'Ana' };
const bo = { id: 2, username: 'bo', displayName: 'Bo' };

function message(seq: number, change: Partial<Message> = {}): Message {
  return {
    id: 100 + seq,
    roomId: 7,
    seq,
    clientId: null,
    author: bo,
    content: `message ${seq}`,
    createdAt: '2026-11-25T10:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    mentions: [],
    mentionsRoom: false,
    reactions: [],
    attachments: [],
    pinned: false,
    ...change,
  };
}

type Route = (method: string, path: string) => Response | undefined;

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(route: Route) {
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      calls.push(`${method} ${path}`);
      if (path.endsWith('/members')) return json(200, []);
      return route(method, path) ?? json(404, { message: 'Not found' });
    }),
  );
  new TokenStore().save({
    refreshToken: 'r1',
    accessToken: 'a1',
    accessExpiresAt: Date.now() + 600_000,
    user: ana,
  });
  const session = new Session(new TokenStore(), undefined);
  const rooms = {
    rooms: [general],
    markRead: vi.fn(),
    update: vi.fn(),
    noteMessage: vi.fn(),
    upsert: vi.fn(),
    setNotify: vi.fn(),
  } as unknown as RoomsStore;
  render(
    <SessionProvider session={session}>
      <SocketProvider>
        <RoomsContext.Provider value={rooms}>
          <VirtuosoMockContext.Provider value={{ viewportHeight: 2000, itemHeight: 40 }}>
            <ChatView roomId={7} rooms={rooms} />
          </VirtuosoMockContext.Provider>
        </RoomsContext.Provider>
      </SocketProvider>
    </SessionProvider>,
  );
  return { calls };
}

async function connected(lastSeq: number) {
  await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
  FakeSocket.all[0].accept(lastSeq);
}

const shown = () =>
  Array.from(document.querySelectorAll('[data-message-id]')).map((el) =>
    Number(el.getAttribute('data-seq')),
  );

describe('ChatView', () => {
  beforeEach(() => window.history.replaceState(null, '', '/rooms/7'));

  it('jumps to a reply’s original outside the window, highlights it, and comes back to the newest', async () => {
    const replyTo = { id: 103, seq: 3, author: bo, excerpt: 'message 3' };
    const latest = { messages: [message(200), message(201, { replyTo })], hasMore: true };
    const around = {
      messages: [message(2), message(3), message(4)],
      hasMoreBefore: true,
      hasMoreAfter: true,
    };
    const { calls } = setup((_method, path) => {
      if (path === '/api/rooms/7/messages?limit=50') return json(200, latest);
      if (path.startsWith('/api/rooms/7/messages?around=3')) return json(200, around);
    });
    await connected(201);
    await waitFor(() => expect(shown()).toEqual([200, 201]));

    await userEvent.click(screen.getByText('message 3'));
    await waitFor(() => expect(shown()).toEqual([2, 3, 4]));
    expect(calls).toContain('GET /api/rooms/7/messages?around=3&limit=50');
    const original = document.querySelector('[data-seq="3"]')!;
    expect(original.classList.contains('highlighted')).toBe(true);

    // A live message while away does not land under the older window.
    FakeSocket.all[0].frame({ type: 'message', message: message(202) });
    expect(shown()).toEqual([2, 3, 4]);

    latest.messages.push(message(202));
    await userEvent.click(screen.getByRole('button', { name: /Jump to latest/ }));
    await waitFor(() => expect(shown()).toEqual([200, 201, 202]));
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
  });

  it('scrolls to a loaded original without fetching', async () => {
    const replyTo = { id: 200, seq: 100, author: bo, excerpt: 'message 100' };
    const page = { messages: [message(100), message(101, { replyTo })], hasMore: false };
    const { calls } = setup((_method, path) =>
      path === '/api/rooms/7/messages?limit=50' ? json(200, page) : undefined,
    );
    await connected(101);
    await waitFor(() => expect(shown()).toEqual([100, 101]));
    await userEvent.click(
      within(document.querySelector('[data-seq="101"]')!).getByText('message 100'),
    );
    await waitFor(() =>
      expect(document.querySelector('[data-seq="100"]')!.classList.contains('highlighted')).toBe(
        true,
      ),
    );
    expect(calls.filter((c) => c.includes('around'))).toEqual([]);
  });

  it('shows a refused reaction’s reason and changes nothing', async () => {
    const page = {
      messages: [message(1, { reactions: [{ emoji: '👍', count: 1, me: false }] })],
      hasMore: false,
    };
    setup((method, path) => {
      if (path === '/api/rooms/7/messages?limit=50') return json(200, page);
      if (method === 'PUT' && path.startsWith('/api/messages/101/reactions/'))
        return json(403, { statusCode: 403, message: 'Only members may react' });
    });
    await connected(1);
    const chip = await screen.findByRole('button', { name: '👍 1' });
    await userEvent.click(chip);
    expect((await screen.findByRole('alert')).textContent).toContain('Only members may react');
    expect(screen.getByRole('button', { name: '👍 1' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('applies a reaction the server accepted, and its echo does not count twice', async () => {
    const page = { messages: [message(1)], hasMore: false };
    setup((method, path) => {
      if (path === '/api/rooms/7/messages?limit=50') return json(200, page);
      if (method === 'PUT') return json(200, { emoji: '👍', count: 1, me: true });
    });
    await connected(1);
    await screen.findByText('message 1');
    await userEvent.click(await screen.findByRole('button', { name: 'React' }));
    await userEvent.click(screen.getByRole('button', { name: /React with 👍/ }));
    const chip = await screen.findByRole('button', { name: '👍 1' });
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    FakeSocket.all[0].frame({
      type: 'reaction',
      seq: 2,
      messageId: 101,
      emoji: '👍',
      user: { id: 1, username: 'ana' },
      added: true,
      count: 1,
    });
    expect(screen.getByRole('button', { name: '👍 1' })).toBeTruthy();
  });

  it('opens a room link with ?around= on that message', async () => {
    window.history.replaceState(null, '', '/rooms/7?around=50');
    const { calls } = setup((_method, path) => {
      if (path === '/api/rooms/7/messages?limit=50')
        return json(200, { messages: [message(300)], hasMore: true });
      if (path.startsWith('/api/rooms/7/messages?around=50'))
        return json(200, {
          messages: [message(49), message(50), message(51)],
          hasMoreBefore: true,
          hasMoreAfter: true,
        });
    });
    await connected(300);
    await waitFor(() => expect(shown()).toEqual([49, 50, 51]));
    expect(calls).toContain('GET /api/rooms/7/messages?around=50&limit=50');
    await waitFor(() =>
      expect(document.querySelector('[data-seq="50"]')!.classList.contains('highlighted')).toBe(
        true,
      ),
    );
  });

  it('lists pins from the header, live pins come in, and a pin jumps to its message', async () => {
    const page = { messages: [message(5), message(6)], hasMore: false };
    setup((_method, path) => {
      if (path === '/api/rooms/7/messages?limit=50') return json(200, page);
      if (path === '/api/rooms/7/pins') return json(200, [message(5, { pinned: true })]);
      if (path === '/api/messages/106') return json(200, message(6, { pinned: true }));
    });
    await connected(6);
    await screen.findByText('message 6');
    await userEvent.click(screen.getByRole('button', { name: 'Pinned messages' }));
    const panel = await screen.findByRole('complementary', { name: 'Pinned messages' });
    await within(panel).findByText('message 5');
    FakeSocket.all[0].frame({
      type: 'message.pinned',
      seq: 7,
      messageId: 106,
      pinned: true,
      by: { id: 2, username: 'bo' },
    });
    await waitFor(() =>
      expect(
        within(panel)
          .getAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual([
        expect.stringContaining('✕'),
        expect.stringContaining('message 6'),
        expect.stringContaining('message 5'),
      ]),
    );
    await userEvent.click(within(panel).getByText('message 5'));
    await waitFor(() =>
      expect(document.querySelector('[data-seq="5"]')!.classList.contains('highlighted')).toBe(
        true,
      ),
    );
  });

  it('resumes after a drop from the highest event seq, not the newest message', async () => {
    const page = { messages: [message(1), message(2)], hasMore: false };
    setup((_method, path) =>
      path === '/api/rooms/7/messages?limit=50' ? json(200, page) : undefined,
    );
    await connected(2);
    await screen.findByText('message 2');
    const socket = FakeSocket.all[0];
    socket.frame({
      type: 'message.edited',
      seq: 3,
      messageId: 101,
      content: 'message one, fixed',
      editedAt: '2026-11-25T10:03:00.000Z',
      mentions: [],
    });
    socket.frame({ type: 'message.deleted', seq: 4, messageId: 102 });
    expect(await screen.findByText('message one, fixed')).toBeTruthy();
    expect(screen.getByText('(edited)')).toBeTruthy();
    expect(screen.getByText('message deleted')).toBeTruthy();
    socket.drop();
    act(() => window.dispatchEvent(new Event('focus')));
    await waitFor(() => expect(FakeSocket.all).toHaveLength(2));
    FakeSocket.all[1].accept(4);
    expect(FakeSocket.all[1].sent).toContainEqual({ type: 'subscribe', roomId: 7, since: 4 });
  });

  it('edits the last own message with Up-arrow; a refused edit keeps the text and changes nothing', async () => {
    const page = { messages: [message(1, { author: ana }), message(2)], hasMore: false };
    let allow = false;
    setup((method, path) => {
      if (path === '/api/rooms/7/messages?limit=50') return json(200, page);
      if (method === 'PATCH' && path === '/api/messages/101')
        return allow
          ? json(
              200,
              message(1, {
                author: ana,
                content: 'one, fixed',
                editedAt: '2026-11-25T10:09:00.000Z',
              }),
            )
          : json(409, { statusCode: 409, message: 'This message was deleted' });
    });
    await connected(2);
    await screen.findByText('message 1');
    const box = screen.getByRole('textbox', { name: 'Message' });
    await userEvent.click(box);
    await userEvent.keyboard('{ArrowUp}');
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe('message 1'));
    await userEvent.clear(box);
    await userEvent.type(box, 'one, fixed{Enter}');
    expect((await screen.findByRole('alert')).textContent).toContain('This message was deleted');
    expect((box as HTMLTextAreaElement).value).toBe('one, fixed');
    expect(screen.getByText('message 1')).toBeTruthy();
    expect(screen.queryByText('(edited)')).toBeNull();

    allow = true;
    await userEvent.type(box, '{Enter}');
    expect(await screen.findByText('(edited)')).toBeTruthy();
    expect(screen.getByText('one, fixed', { selector: 'p' })).toBeTruthy();
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));
  });

  it('sends a reply with replyToId over the socket and clears the reply', async () => {
    const page = { messages: [message(1)], hasMore: false };
    setup((_method, path) =>
      path === '/api/rooms/7/messages?limit=50' ? json(200, page) : undefined,
    );
    await connected(1);
    await screen.findByText('message 1');
    await userEvent.click(await screen.findByRole('button', { name: 'Reply' }));
    const box = screen.getByRole('textbox', { name: 'Message' });
    await userEvent.type(box, 'the answer{Enter}');
    const sent = FakeSocket.all[0].sent.filter((f) => (f as { type: string }).type === 'message');
    expect(sent).toEqual([
      expect.objectContaining({ type: 'message', content: 'the answer', replyToId: 101 }),
    ]);
    // The pending reply already quotes the message answered.
    const pending = document.querySelector('.message.pending')!;
    expect(within(pending as HTMLElement).getByText('message 1')).toBeTruthy();
  });

  it('uploads a file dropped on the chat view and sends it alone, shown while pending and once confirmed', async () => {
    FakeXhr.install();
    const page = { messages: [message(1)], hasMore: false };
    setup((_method, path) =>
      path === '/api/rooms/7/messages?limit=50' ? json(200, page) : undefined,
    );
    await connected(1);
    await screen.findByText('message 1');
    const view = screen.getByRole('region', { name: 'Room general' });
    const photo = new File(['png'], 'photo.png', { type: 'image/png' });
    const dataTransfer = { types: ['Files'], files: [photo], dropEffect: 'none' };
    fireEvent.dragEnter(view, { dataTransfer });
    expect(screen.getByText('Drop files to attach them')).toBeTruthy();
    fireEvent.drop(view, { dataTransfer });
    expect(screen.queryByText('Drop files to attach them')).toBeNull();

    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    const xhr = FakeXhr.last();
    expect(xhr.url).toBe('/api/uploads');
    expect(xhr.headers.Authorization).toBe('Bearer a1');
    act(() => xhr.progress(50, 100));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    const attachment = {
      id: 44,
      kind: 'image' as const,
      name: 'photo.png',
      mimeType: 'image/png',
      size: 3,
      width: 40,
      height: 30,
      url: '/api/uploads/44/content?expires=1&signature=a',
      thumbnailUrl: '/api/uploads/44/thumbnail?expires=1&signature=b',
    };
    await act(async () => xhr.respond(201, attachment));
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));

    const sent = FakeSocket.all[0].sent.filter((f) => (f as { type: string }).type === 'message');
    expect(sent).toEqual([
      expect.objectContaining({ type: 'message', content: '', attachmentIds: [44] }),
    ]);
    // By alt text and label, not role: the list may still hold a new row hidden while it
    // measures it (visibility: hidden), which role queries skip.
    const pending = document.querySelector('.message.pending') as HTMLElement;
    expect(within(pending).getByAltText('photo.png').getAttribute('src')).toBe(
      attachment.thumbnailUrl,
    );
    expect(screen.queryByRole('progressbar')).toBeNull();

    const { clientId } = sent[0] as { clientId: string };
    FakeSocket.all[0].frame({
      type: 'message',
      message: message(2, { author: ana, clientId, content: '', attachments: [attachment] }),
    });
    expect(document.querySelector('.message.pending')).toBeNull();
    const confirmed = document.querySelector('[data-seq="2"]') as HTMLElement;
    expect(within(confirmed).getByLabelText('Open photo.png').tagName).toBe('BUTTON');
  });

  it('a refused delete shows why and keeps the message', async () => {
    const page = { messages: [message(1, { author: ana })], hasMore: false };
    setup((method, path) => {
      if (path === '/api/rooms/7/messages?limit=50') return json(200, page);
      if (method === 'DELETE') return json(403, { statusCode: 403, message: 'Not yours' });
    });
    await connected(1);
    await screen.findByText('message 1');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Not yours');
    expect(screen.getByText('message 1')).toBeTruthy();
    expect(screen.queryByText('message deleted')).toBeNull();
  });

  it('copies a link to the message that lands on it', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const page = { messages: [message(1), message(2)], hasMore: false };
    setup((_method, path) =>
      path === '/api/rooms/7/messages?limit=50' ? json(200, page) : undefined,
    );
    await connected(2);
    await screen.findByText('message 2');
    const second = document.querySelector('[data-seq="2"]') as HTMLElement;
    await userEvent.click(await within(second).findByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/rooms/7?around=2`);
    expect((await screen.findByRole('status')).textContent).toContain('Link copied.');
  });
});
