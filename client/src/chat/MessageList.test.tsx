import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentProps } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';

import type { ChatMessage } from './messages';
import { MessageList } from './MessageList';

function chat(seq: number, change: Partial<ChatMessage> = {}): ChatMessage {
  return {
    key: `m${seq}`,
    id: 100 + seq,
    seq,
    clientId: null,
    author: { id: 2, username: 'bo', displayName: 'Bo' },
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
    status: 'sent',
    stateSeq: seq,
    ...change,
  };
}

type Props = ComponentProps<typeof MessageList>;

function setup(change: Partial<Props> = {}) {
  const props: Props = {
    selfId: 1,
    messages: [chat(10), chat(11)],
    loaded: true,
    hasMore: true,
    loadingOlder: false,
    error: null,
    onLoadOlder: vi.fn(),
    onSeen: vi.fn(),
    onRetry: vi.fn(),
    onDiscard: vi.fn(),
    ...change,
  };
  const view = (p: Props) => (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 2000, itemHeight: 40 }}>
      <MessageList {...p} />
    </VirtuosoMockContext.Provider>
  );
  const result = render(view(props));
  return {
    props,
    rerender: (next: Partial<Props>) => result.rerender(view({ ...props, ...next })),
  };
}

const shown = () =>
  Array.from(document.querySelectorAll('[data-message-id]')).map((el) =>
    Number(el.getAttribute('data-seq')),
  );

describe('MessageList', () => {
  // jsdom has no layout: Virtuoso's corrections after a prepend scroll by a few pixels.
  beforeEach(() => {
    Element.prototype.scrollBy ??= () => {};
  });

  it('offers older messages and keeps the order when they are put above', async () => {
    const { props, rerender } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Load older messages' }));
    expect(props.onLoadOlder).toHaveBeenCalled();
    rerender({ messages: [chat(8), chat(9), chat(10), chat(11)], hasMore: false });
    await waitFor(() => expect(shown()).toEqual([8, 9, 10, 11]));
    expect(screen.getByText('This is the beginning of the room.')).toBeTruthy();
  });

  it('says when the history could not be loaded', () => {
    setup({ error: 'Cannot reach the server.' });
    expect(screen.getByText('Cannot reach the server.')).toBeTruthy();
  });

  it('separates days and groups one author’s messages', async () => {
    setup({
      hasMore: false,
      messages: [
        chat(1, { createdAt: '2026-11-24T10:00:00.000Z' }),
        chat(2, { createdAt: '2026-11-25T10:00:00.000Z' }),
        chat(3, { createdAt: '2026-11-25T10:01:00.000Z' }),
      ],
    });
    await waitFor(() => expect(shown()).toEqual([1, 2, 3]));
    expect(document.querySelectorAll('.day-divider')).toHaveLength(2);
    expect(document.querySelector('[data-seq="3"]')!.classList.contains('grouped')).toBe(true);
    expect(document.querySelector('[data-seq="2"]')!.classList.contains('grouped')).toBe(false);
  });

  it('offers "Jump to latest" on an older window', async () => {
    const onJumpToLatest = vi.fn();
    setup({ hasMoreAfter: true, onJumpToLatest });
    await userEvent.click(screen.getByRole('button', { name: /Jump to latest/ }));
    expect(onJumpToLatest).toHaveBeenCalled();
  });

  it('highlights the message focused, or the one just before its seq', async () => {
    const { rerender } = setup({ hasMore: false, messages: [chat(10), chat(12)] });
    rerender({ focus: { seq: 11, nonce: 1 } });
    await waitFor(() =>
      expect(document.querySelector('[data-seq="10"]')!.classList.contains('highlighted')).toBe(
        true,
      ),
    );
  });
});
