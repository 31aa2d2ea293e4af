import type { Author, Message } from '../api/types';
import {
  type MessageEvent,
  resumeCursor,
  initialMessages,
  lastSeq,
  messagesReducer,
  type MessagesAction,
  type MessagesState,
  oldestSeq,
  visibleMessages,
} from './messages';

const me: Author = { id: 1, username: 'ana', displayName: 'Ana' };
const bo: Author = { id: 2, username: 'bo', displayName: 'Bo' };

function message(seq: number, author = bo, clientId: string | null = null): Message {
  return {
    id: 100 + seq,
    roomId: 7,
    seq,
    clientId,
    author,
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
  };
}

function run(...actions: MessagesAction[]): MessagesState {
  return actions.reduce(messagesReducer, initialMessages);
}

const history = (seqs: number[], hasMore = false, mode: 'latest' | 'older' | 'resync' = 'latest') =>
  ({
    type: 'history',
    page: { messages: seqs.map((s) => message(s)), hasMore },
    mode,
    selfId: me.id,
  }) as const;

const received = (m: Message) => ({ type: 'received', message: m, selfId: me.id }) as const;

const queued = (clientId: string, content = 'hi') =>
  ({
    type: 'queued',
    clientId,
    content,
    author: me,
    createdAt: '2026-11-25T10:01:00.000Z',
  }) as const;

describe('messagesReducer', () => {
  it('keeps history and live messages in seq order without repeats', () => {
    const state = run(
      history([3, 4, 5], true),
      received(message(6)),
      received(message(5)),
      history([1, 2], false, 'older'),
    );
    expect(visibleMessages(state).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(state.hasMore).toBe(false);
    expect(oldestSeq(state)).toBe(1);
    expect(lastSeq(state)).toBe(6);
  });

  it('shows an own message at once as pending, after the confirmed ones', () => {
    const state = run(history([1, 2]), queued('c1', 'hello'));
    const visible = visibleMessages(state);
    expect(visible.at(-1)).toMatchObject({
      key: 'c1',
      status: 'pending',
      content: 'hello',
      seq: null,
    });
    expect(lastSeq(state)).toBe(2);
  });

  it('confirms a pending message by its clientId, keeping its key', () => {
    const state = run(history([1]), queued('c1'), received(message(2, me, 'c1')));
    expect(state.outbox).toHaveLength(0);
    expect(visibleMessages(state)).toEqual([
      expect.objectContaining({ seq: 1 }),
      expect.objectContaining({ seq: 2, key: 'c1', status: 'sent' }),
    ]);
  });

  it('does not take another user’s message with the same clientId as ours', () => {
    const state = run(queued('c1'), received(message(1, bo, 'c1')));
    expect(state.outbox).toHaveLength(1);
    expect(state.confirmed).toHaveLength(1);
  });

  it('marks a failed send, and a retry with the same clientId confirms it once', () => {
    let state = run(queued('c1'), {
      type: 'failed',
      clientId: 'c1',
      error: 'Not sent: no connection.',
    });
    expect(visibleMessages(state)[0]).toMatchObject({
      status: 'failed',
      error: 'Not sent: no connection.',
    });
    state = messagesReducer(state, { type: 'retrying', clientId: 'c1' });
    expect(visibleMessages(state)[0]).toMatchObject({ status: 'pending', error: undefined });
    // The server answers a repeated clientId with the original message: still one copy.
    state = messagesReducer(state, received(message(9, me, 'c1')));
    state = messagesReducer(state, received(message(9, me, 'c1')));
    expect(visibleMessages(state)).toHaveLength(1);
    expect(visibleMessages(state)[0]).toMatchObject({ seq: 9, status: 'sent' });
  });

  it('confirms a failed message when it turns out it was stored (resumed after a drop)', () => {
    const state = run(
      queued('c1'),
      { type: 'failed', clientId: 'c1', error: 'lost' },
      received(message(3, me, 'c1')),
    );
    expect(state.outbox).toHaveLength(0);
    expect(state.confirmed[0]).toMatchObject({ seq: 3, status: 'sent' });
  });

  it('confirms an own message that comes back in a history page', () => {
    const state = run(queued('c1'), {
      type: 'history',
      page: { messages: [message(1, me, 'c1')], hasMore: false },
      mode: 'latest',
      selfId: me.id,
    });
    expect(state.outbox).toHaveLength(0);
    expect(state.confirmed).toHaveLength(1);
  });

  it('discards a failed message', () => {
    const state = run(
      queued('c1'),
      { type: 'failed', clientId: 'c1', error: 'x' },
      { type: 'discarded', clientId: 'c1' },
    );
    expect(visibleMessages(state)).toHaveLength(0);
  });

  it('on resync starts again from the newest page, keeping newer live messages and the outbox', () => {
    const state = run(
      history([1, 2, 3], true),
      received(message(2000)),
      queued('c1'),
      history([1500, 1501], true, 'resync'),
    );
    expect(visibleMessages(state).map((m) => m.seq)).toEqual([1500, 1501, 2000, null]);
    expect(state.hasMore).toBe(true);
  });

  it('a later latest page does not forget that older pages remain', () => {
    const state = run(history([5, 6], true), history([5, 6, 7], false));
    expect(state.hasMore).toBe(true);
  });

  it('deduplicates by id, not by seq: an event seq never hides a message', () => {
    const state = run(
      history([1, 2]),
      event({ type: 'message.pinned', seq: 3, messageId: 101, pinned: true, by: bo }),
      received(message(4)),
      received(message(4)),
    );
    expect(visibleMessages(state).map((m) => m.seq)).toEqual([1, 2, 4]);
    expect(state.confirmed[0]).toMatchObject({ id: 101, pinned: true });
  });

  it('resumes from the highest seq of any timeline event, not of messages only', () => {
    let state = run(history([1, 2]));
    expect(resumeCursor(initialMessages)).toBeNull();
    expect(resumeCursor(state)).toBe(2);
    state = messagesReducer(
      state,
      event({
        type: 'reaction',
        seq: 5,
        messageId: 102,
        emoji: '👍',
        user: bo,
        added: true,
        count: 1,
      }),
    );
    expect(resumeCursor(state)).toBe(5);
    expect(lastSeq(state)).toBe(2);
    // An event on a message we do not hold still moves the cursor.
    state = messagesReducer(state, event({ type: 'message.deleted', seq: 6, messageId: 999 }));
    expect(resumeCursor(state)).toBe(6);
    // The first page knows the room's last event from `ready`.
    expect(resumeCursor(run({ ...history([1]), upTo: 9 }))).toBe(9);
  });

  it('applies an edit, and an edit replayed or older than the state changes nothing', () => {
    const edited = event({
      type: 'message.edited',
      seq: 10,
      messageId: 101,
      content: 'fixed',
      editedAt: '2026-11-25T10:05:00.000Z',
      mentions: [{ id: 1, username: 'ana' }],
    });
    const state = run(history([1]), edited);
    expect(state.confirmed[0]).toMatchObject({
      content: 'fixed',
      editedAt: '2026-11-25T10:05:00.000Z',
      mentions: [{ id: 1, username: 'ana' }],
      stateSeq: 10,
    });
    expect(messagesReducer(state, edited)).toBe(state);
    const older = event({ ...edited.frame, seq: 8, content: 'stale' } as MessageEvent);
    expect(messagesReducer(state, older).confirmed[0].content).toBe('fixed');
  });

  it('turns a deleted message into a tombstone, and its replies quote a deleted message', () => {
    const reply = { ...message(2), replyTo: { id: 101, seq: 1, author: bo, excerpt: 'message 1' } };
    const state = run(
      history([1]),
      received({ ...message(1), reactions: [{ emoji: '👍', count: 2, me: false }] }),
      received(reply),
      event({ type: 'message.deleted', seq: 3, messageId: 101 }),
    );
    expect(state.confirmed[0]).toMatchObject({ content: '', reactions: [] });
    expect(state.confirmed[0].deletedAt).not.toBeNull();
    expect(state.confirmed[1].replyTo).toMatchObject({ id: 101, excerpt: '' });
    // A second delete (a replay) changes nothing.
    expect(messagesReducer(state, event({ type: 'message.deleted', seq: 3, messageId: 101 }))).toBe(
      state,
    );
  });

  it('keeps a message’s attachments, from the pending one to the confirmed one, and drops them on delete', () => {
    const file = {
      id: 4,
      kind: 'file' as const,
      name: 'a.pdf',
      mimeType: 'application/pdf',
      size: 3,
      url: '/api/uploads/4/content',
    };
    const pending = run(history([]), { ...queued('c1', ''), attachments: [file] });
    expect(visibleMessages(pending)[0].attachments).toEqual([file]);
    const own = { ...message(1, me, 'c1'), content: '', attachments: [file] };
    const confirmed = messagesReducer(pending, received(own));
    expect(confirmed.outbox).toEqual([]);
    expect(confirmed.confirmed[0].attachments).toEqual([file]);
    const deleted = messagesReducer(
      confirmed,
      event({ type: 'message.deleted', seq: 2, messageId: own.id }),
    );
    expect(deleted.confirmed[0].attachments).toEqual([]);
  });

  it('sets each emoji’s count from the frame and marks only the current user’s as mine', () => {
    const react = (
      seq: number,
      user: typeof bo | Author,
      added: boolean,
      count: number,
      emoji = '👍',
    ) => event({ type: 'reaction', seq, messageId: 101, emoji, user, added, count });
    let state = run(
      history([1]),
      react(2, bo, true, 1),
      react(3, me, true, 2),
      react(4, bo, true, 1, '🎉'),
    );
    expect(state.confirmed[0].reactions).toEqual([
      { emoji: '👍', count: 2, me: true },
      { emoji: '🎉', count: 1, me: false },
    ]);
    // Replayed (seq already applied): nothing counted twice.
    expect(messagesReducer(state, react(3, me, true, 2))).toBe(state);
    state = messagesReducer(state, react(5, me, false, 1));
    expect(state.confirmed[0].reactions[0]).toEqual({ emoji: '👍', count: 1, me: false });
    state = messagesReducer(state, react(6, bo, false, 0, '🎉'));
    expect(state.confirmed[0].reactions.map((r) => r.emoji)).toEqual(['👍']);
  });

  it('does not count a reaction twice when a REST page already held it', () => {
    // The page was fetched after bo's reaction; its event arrives afterwards.
    const state = run(
      {
        type: 'history',
        page: {
          messages: [{ ...message(1), reactions: [{ emoji: '👍', count: 1, me: false }] }],
          hasMore: false,
        },
        mode: 'latest',
        selfId: me.id,
        upTo: 1,
      },
      event({
        type: 'reaction',
        seq: 2,
        messageId: 101,
        emoji: '👍',
        user: bo,
        added: true,
        count: 1,
      }),
    );
    expect(state.confirmed[0].reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
  });

  it('does not count our own reaction twice when the REST answer came first', () => {
    const state = run(
      history([1]),
      { type: 'reactionSet', messageId: 101, reaction: { emoji: '👍', count: 1, me: true } },
      event({
        type: 'reaction',
        seq: 2,
        messageId: 101,
        emoji: '👍',
        user: me,
        added: true,
        count: 1,
      }),
    );
    expect(state.confirmed[0].reactions).toEqual([{ emoji: '👍', count: 1, me: true }]);
  });

  it('a replayed message in its current state ignores the events it already includes', () => {
    // Loaded with a reaction of ours; the socket resumes: the message comes again in its
    // current state (me: false in live frames) up to ready.lastSeq 6, then the events.
    const state = run(
      {
        type: 'history',
        page: {
          messages: [{ ...message(1), reactions: [{ emoji: '👍', count: 1, me: true }] }],
          hasMore: false,
        },
        mode: 'latest',
        selfId: me.id,
        upTo: 1,
      },
      {
        type: 'received',
        message: { ...message(1), reactions: [{ emoji: '👍', count: 2, me: false }] },
        selfId: me.id,
        upTo: 6,
      },
      event({
        type: 'reaction',
        seq: 5,
        messageId: 101,
        emoji: '👍',
        user: bo,
        added: true,
        count: 2,
      }),
      event({ type: 'message.pinned', seq: 7, messageId: 101, pinned: true, by: bo }),
    );
    expect(state.confirmed[0]).toMatchObject({
      reactions: [{ emoji: '👍', count: 2, me: true }],
      pinned: true,
    });
    expect(resumeCursor(state)).toBe(7);
  });

  it('keeps replyTo on a reply, from the pending one to the confirmed one', () => {
    const replyTo = { id: 101, seq: 1, author: bo, excerpt: 'message 1' };
    let state = run(history([1]), { ...queued('c1'), replyTo });
    expect(visibleMessages(state).at(-1)?.replyTo).toEqual(replyTo);
    state = messagesReducer(state, received({ ...message(2, me, 'c1'), replyTo }));
    expect(state.confirmed[1]).toMatchObject({ key: 'c1', replyTo });
  });

  it('replaces the window by the page around a message, and comes back to the newest', () => {
    let state = run(history([100, 101], true), queued('c1'));
    state = messagesReducer(state, {
      type: 'history',
      page: { messages: [message(10), message(11)], hasMoreBefore: true, hasMoreAfter: true },
      mode: 'around',
      selfId: me.id,
    });
    expect(visibleMessages(state).map((m) => m.seq)).toEqual([10, 11]);
    expect(state).toMatchObject({ hasMore: true, hasMoreAfter: true, windowId: 1 });
    // A live message while away: not appended under the old window, but the cursor moves.
    state = messagesReducer(state, received(message(102)));
    expect(visibleMessages(state).map((m) => m.seq)).toEqual([10, 11]);
    expect(resumeCursor(state)).toBe(102);
    // Events still apply to what is shown.
    state = messagesReducer(
      state,
      event({ type: 'message.pinned', seq: 103, messageId: 110, pinned: true, by: bo }),
    );
    expect(state.confirmed[0].pinned).toBe(true);
    state = messagesReducer(state, {
      type: 'history',
      page: { messages: [message(101), message(102)], hasMore: true },
      mode: 'jump',
      selfId: me.id,
    });
    expect(visibleMessages(state).map((m) => m.seq)).toEqual([101, 102, null]);
    expect(state).toMatchObject({ hasMoreAfter: false, hasMore: true, windowId: 2 });
  });

  it('REST answers to our own changes apply at once', () => {
    let state = run(history([1]));
    state = messagesReducer(state, { type: 'pinSet', messageId: 101, pinned: true });
    expect(state.confirmed[0].pinned).toBe(true);
    state = messagesReducer(state, {
      type: 'updated',
      message: { ...message(1), content: 'new', editedAt: '2026-11-25T11:00:00.000Z' },
    });
    expect(state.confirmed[0]).toMatchObject({ content: 'new', pinned: true });
    state = messagesReducer(state, { type: 'deletedLocally', messageId: 101 });
    expect(state.confirmed[0].content).toBe('');
    expect(state.confirmed[0].deletedAt).not.toBeNull();
  });
});

function event(frame: MessageEvent) {
  return { type: 'event', frame, selfId: me.id } as const;
}
