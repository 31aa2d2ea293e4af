import { act, renderHook } from '@testing-library/react';
import { useReducer, useRef } from 'react';

import type { ClientFrame } from '../socket/frames';
import { initialMessages, messagesReducer } from './messages';
import { useOutbox } from './useOutbox';

const author = { id: 1, username: 'ana', displayName: 'Ana' };

function setup(connected: { value: boolean }) {
  const frames: ClientFrame[] = [];
  const sendFrame = (frame: ClientFrame) => {
    if (!connected.value) return false;
    frames.push(frame);
    return true;
  };
  const hook = renderHook(() => {
    const [state, dispatch] = useReducer(messagesReducer, initialMessages);
    const ref = useRef(state);
    ref.current = state;
    return { state, outbox: useOutbox({ dispatch, state: ref, author, sendFrame }) };
  });
  return {
    hook,
    frames,
    outbox: () => hook.result.current.outbox,
    messages: () => hook.result.current.state.outbox,
  };
}

describe('useOutbox', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fails a send without a connection, and retries it with the same clientId', () => {
    const connected = { value: false };
    const t = setup(connected);
    act(() => t.outbox().send('hello'));
    const [failed] = t.messages();
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'Not sent: no connection.',
      content: 'hello',
    });

    connected.value = true;
    act(() => t.outbox().retry(failed.clientId!));
    expect(t.messages()[0]).toMatchObject({ status: 'pending', clientId: failed.clientId });
    expect(t.frames).toEqual([{ type: 'message', content: 'hello', clientId: failed.clientId }]);
  });

  it('shows a message the server never confirms as failed', () => {
    const t = setup({ value: true });
    act(() => t.outbox().send('hello'));
    act(() => vi.advanceTimersByTime(15_000));
    expect(t.messages()[0]).toMatchObject({
      status: 'failed',
      error: 'Not confirmed by the server.',
    });
  });

  it('waits out a rate limit, then resends the same clientId by itself', () => {
    const t = setup({ value: true });
    act(() => t.outbox().send('hello'));
    const clientId = t.messages()[0].clientId!;
    act(() => t.outbox().refused(clientId, 'rate_limited', 'slow down', 2000));
    expect(t.messages()[0]).toMatchObject({
      status: 'pending',
      note: expect.stringMatching(/too fast/),
    });
    act(() => vi.advanceTimersByTime(1999));
    expect(t.frames).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1));
    expect(t.messages()[0]).toMatchObject({ status: 'pending', note: undefined });
    expect(t.frames.map((f) => f.type === 'message' && f.clientId)).toEqual([clientId, clientId]);
  });

  it('marks what was in flight as failed when the connection is lost', () => {
    const t = setup({ value: true });
    act(() => t.outbox().send('one'));
    act(() => t.outbox().connectionLost());
    expect(t.messages()[0]).toMatchObject({
      status: 'failed',
      error: 'Not sent: connection lost.',
    });
  });

  it('sends a reply with its replyToId, also when it is retried', () => {
    const connected = { value: false };
    const t = setup(connected);
    const replyTo = {
      id: 42,
      seq: 7,
      author: { id: 2, username: 'bo', displayName: 'Bo' },
      excerpt: 'the question',
    };
    act(() => t.outbox().send('the answer', replyTo));
    const [failed] = t.messages();
    expect(failed).toMatchObject({ status: 'failed', replyTo });
    connected.value = true;
    act(() => t.outbox().retry(failed.clientId!));
    expect(t.frames).toEqual([
      { type: 'message', content: 'the answer', clientId: failed.clientId, replyToId: 42 },
    ]);
  });

  it('sends the attachments as attachmentIds in order, with empty content, and again on retry', () => {
    const connected = { value: true };
    const t = setup(connected);
    const file = (id: number) => ({
      id,
      kind: 'file' as const,
      name: `f${id}.pdf`,
      mimeType: 'application/pdf',
      size: 10,
      url: `/api/uploads/${id}/content`,
    });
    act(() => t.outbox().send('', null, [file(8), file(3)]));
    const [pending] = t.messages();
    expect(pending).toMatchObject({ status: 'pending', content: '' });
    expect(pending.attachments.map((a) => a.id)).toEqual([8, 3]);
    expect(t.frames).toEqual([
      { type: 'message', content: '', clientId: pending.clientId, attachmentIds: [8, 3] },
    ]);

    act(() => vi.advanceTimersByTime(15_000));
    act(() => t.outbox().retry(pending.clientId!));
    expect(t.frames[1]).toEqual({
      type: 'message',
      content: '',
      clientId: pending.clientId,
      attachmentIds: [8, 3],
    });
  });

  it('sends no attachmentIds field for a text message', () => {
    const t = setup({ value: true });
    act(() => t.outbox().send('hi'));
    expect(t.frames[0]).not.toHaveProperty('attachmentIds');
  });
});
