import type { Author, Message } from '../api/types';
import {
  initialMessages,
  lastSeq,
  messagesReducer,
  type MessagesAction,
  type MessagesState,
  oldestSeq,
  visibleMessages,
} from './messages';

const me: Author = { id: 1, username: 'ana', displayName: null };
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
});
