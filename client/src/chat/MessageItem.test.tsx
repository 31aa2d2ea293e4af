import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ChatMessage } from './messages';
import { MessageItem } from './MessageItem';

const xss = '<img src=x onerror=alert(1)>';

function item(change: Partial<ChatMessage> = {}): ChatMessage {
  return {
    key: 'k',
    id: 11,
    seq: 1,
    clientId: 'c1',
    author: { id: 2, username: 'bo', displayName: 'bo' },
    content: xss,
    createdAt: '2026-11-25T10:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    mentions: [],
    mentionsRoom: false,
    reactions: [],
    pinned: false,
    status: 'sent',
    stateSeq: 1,
    ...change,
  };
}

function renderItem(message: ChatMessage, onRetry = vi.fn(), onDiscard = vi.fn()) {
  render(
    <ul>
      <MessageItem
        message={message}
        own={false}
        grouped={false}
        onRetry={onRetry}
        onDiscard={onDiscard}
      />
    </ul>,
  );
}

describe('MessageItem', () => {
  it('shows markup as text, never as HTML', () => {
    renderItem(item());
    expect(screen.getByText(xss).tagName).toBe('P');
    expect(document.querySelector('img')).toBeNull();
  });

  it('offers a retry with the same clientId for a failed message', async () => {
    const onRetry = vi.fn();
    renderItem(item({ seq: null, status: 'failed', error: 'Not sent: no connection.' }), onRetry);
    expect(screen.getByRole('alert').textContent).toContain('Not sent: no connection.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledWith('c1');
  });

  it('names the author button for what it does', () => {
    renderItem(item({ author: { id: 2, username: 'bo', displayName: 'Bo B.' } }));
    expect(screen.getAllByRole('button', { name: 'Profile of Bo B.' }).length).toBeGreaterThan(0);
  });
});
