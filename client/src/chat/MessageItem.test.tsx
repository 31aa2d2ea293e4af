import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { Attachment } from '../api/types';
import type { ChatMessage } from './messages';
import { type MessageActions, MessageItem } from './MessageItem';

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
    attachments: [],
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
        selfId={1}
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
    expect(document.querySelector('.message-text')?.textContent).toContain(xss);
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

  describe('actions', () => {
    function actions(): MessageActions {
      return {
        reply: vi.fn(),
        edit: vi.fn(),
        remove: vi.fn(),
        react: vi.fn(),
        pin: vi.fn(),
        copyLink: vi.fn(),
        jumpTo: vi.fn(),
      };
    }

    function renderWith(message: ChatMessage, own: boolean, acts = actions()) {
      render(
        <MessageItem
          message={message}
          own={own}
          selfId={1}
          grouped={false}
          actions={acts}
          onRetry={vi.fn()}
          onDiscard={vi.fn()}
        />,
      );
      return acts;
    }

    it('offers edit and delete on our own messages only', () => {
      renderWith(item({ author: { id: 1, username: 'ana', displayName: 'Ana' } }), true);
      for (const name of ['Reply', 'React', 'Edit', 'Delete', 'Pin', 'Copy link'])
        expect(screen.getByRole('button', { name })).toBeTruthy();
      cleanup();
      renderWith(item(), false);
      expect(screen.getByRole('button', { name: 'Reply' })).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    });

    it('carries the stable selectors', () => {
      renderWith(item({ id: 77, seq: 12 }), false);
      const el = document.querySelector('[data-message-id="77"]');
      expect(el?.getAttribute('data-seq')).toBe('12');
    });

    it('deletes only after a confirm, and a cancel deletes nothing', async () => {
      const own = item({ author: { id: 1, username: 'ana', displayName: 'Ana' } });
      const acts = renderWith(own, true);
      await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
      await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(acts.remove).not.toHaveBeenCalled();
      await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
      await userEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
      expect(acts.remove).toHaveBeenCalledWith(own);
    });

    it('shows a tombstone without content, reactions or actions for a deleted message', () => {
      renderWith(
        item({
          content: '',
          deletedAt: '2026-11-25T10:02:00.000Z',
          reactions: [],
        }),
        false,
      );
      expect(screen.getByText('message deleted')).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull();
    });

    it('marks an edited message with its time as the title', () => {
      renderWith(item({ content: 'fixed', editedAt: '2026-11-25T10:05:00.000Z' }), false);
      const marker = screen.getByText('(edited)');
      expect(marker.getAttribute('title')).toMatch(/Edited/);
    });

    it('shows reaction chips pressed when mine, and a click toggles them', async () => {
      const message = item({
        reactions: [
          { emoji: '👍', count: 2, me: true },
          { emoji: '🎉', count: 1, me: false },
        ],
      });
      const acts = renderWith(message, false);
      const thumbs = screen.getByRole('button', { name: '👍 2' });
      expect(thumbs.getAttribute('aria-pressed')).toBe('true');
      expect(screen.getByRole('button', { name: '🎉 1' }).getAttribute('aria-pressed')).toBe(
        'false',
      );
      await userEvent.click(thumbs);
      expect(acts.react).toHaveBeenCalledWith(message, '👍', false);
      await userEvent.click(screen.getByRole('button', { name: '🎉 1' }));
      expect(acts.react).toHaveBeenCalledWith(message, '🎉', true);
    });

    it('reacts with a quick reaction from the React button', async () => {
      const message = item();
      const acts = renderWith(message, false);
      await userEvent.click(screen.getByRole('button', { name: 'React' }));
      await userEvent.click(screen.getByRole('button', { name: /👍/ }));
      expect(acts.react).toHaveBeenCalledWith(message, '👍', true);
    });

    it('pins and unpins', async () => {
      const acts = renderWith(item({ pinned: true }), false);
      await userEvent.click(screen.getByRole('button', { name: 'Unpin' }));
      expect(acts.pin).toHaveBeenCalledWith(expect.objectContaining({ id: 11 }), false);
    });

    it('quotes the message answered, and a click jumps to it', async () => {
      const replyTo = {
        id: 5,
        seq: 3,
        author: { id: 3, username: 'cy', displayName: 'Cy' },
        excerpt: 'the question',
      };
      const acts = renderWith(item({ replyTo }), false);
      await userEvent.click(screen.getByText('the question'));
      expect(acts.jumpTo).toHaveBeenCalledWith(replyTo);
    });

    it('quotes a deleted message as such', () => {
      const replyTo = {
        id: 5,
        seq: 3,
        author: { id: 3, username: 'cy', displayName: 'Cy' },
        excerpt: '',
      };
      renderWith(item({ replyTo }), false);
      expect(screen.getByText('deleted message')).toBeTruthy();
    });

    it('highlights a message that mentions me or the room', () => {
      renderWith(item({ content: 'hi @ana', mentions: [{ id: 1, username: 'ana' }] }), false);
      expect(document.querySelector('.message')?.classList.contains('mentions-me')).toBe(true);
      cleanup();
      renderWith(item({ content: 'hi @cy', mentions: [{ id: 3, username: 'cy' }] }), false);
      expect(document.querySelector('.message')?.classList.contains('mentions-me')).toBe(false);
      cleanup();
      renderWith(item({ content: 'hi @room', mentionsRoom: true }), false);
      expect(document.querySelector('.message')?.classList.contains('mentions-me')).toBe(true);
    });

    it('offers no actions on a message not yet confirmed', () => {
      renderWith(item({ id: null, seq: null, status: 'pending' }), true);
      expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull();
    });

    it('opens the emoji picker from "More reactions"', async () => {
      vi.stubGlobal(
        'ResizeObserver',
        class {
          observe() {}
          unobserve() {}
          disconnect() {}
        },
      );
      vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      renderWith(item(), false);
      await userEvent.click(screen.getByRole('button', { name: 'React' }));
      await userEvent.click(screen.getByRole('button', { name: 'More reactions' }));
      expect(screen.getByRole('dialog', { name: 'Emoji picker' })).toBeTruthy();
    });

    it('opens the actions with the "⋯" button (touch)', async () => {
      renderWith(item(), false);
      const toggle = screen.getByRole('button', { name: 'Message actions' });
      await userEvent.click(toggle);
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      expect(document.querySelector('.message-actions.open')).not.toBeNull();
    });
  });

  describe('attachments', () => {
    const image: Attachment = {
      id: 1,
      kind: 'image',
      name: 'cat.png',
      mimeType: 'image/png',
      size: 300_000,
      width: 1600,
      height: 1200,
      url: '/api/uploads/1/content?expires=1&signature=a',
      thumbnailUrl: '/api/uploads/1/thumbnail?expires=1&signature=b',
    };
    const pdf: Attachment = {
      id: 2,
      kind: 'file',
      name: 'report.pdf',
      mimeType: 'application/pdf',
      size: 1.2 * 1024 * 1024,
      url: '/api/uploads/2/content?expires=1&signature=c',
    };
    const voice: Attachment = {
      id: 3,
      kind: 'voice',
      name: 'voice-message.webm',
      mimeType: 'audio/webm',
      size: 9000,
      durationMs: 7000,
      waveform: [10, 200, 30],
      url: '/api/uploads/3/content?expires=1&signature=d',
    };

    it('shows an image by its thumbnail, its box reserved, inside a button that opens it', () => {
      renderItem(item({ content: '', attachments: [image] }));
      const img = screen.getByRole('img', { name: 'cat.png' }) as HTMLImageElement;
      expect(img.getAttribute('src')).toBe(image.thumbnailUrl);
      // 1600x1200 scaled into 320x240.
      expect(img.getAttribute('width')).toBe('320');
      expect(img.getAttribute('height')).toBe('240');
      expect(img.closest('button')?.getAttribute('aria-label')).toBe('Open cat.png');
      // An attachment-only message shows no empty text block.
      expect(document.querySelector('.message-text')).toBeNull();
    });

    it('falls back to the image itself without a thumbnail', () => {
      renderItem(item({ attachments: [{ ...image, thumbnailUrl: undefined }] }));
      expect(screen.getByRole('img', { name: 'cat.png' }).getAttribute('src')).toBe(image.url);
    });

    it('opens the full image in a dialog, closed by Escape or Close', async () => {
      renderItem(item({ attachments: [image] }));
      const open = screen.getByRole('button', { name: 'Open cat.png' });
      await userEvent.click(open);
      const dialog = screen.getByRole('dialog', { name: 'Image viewer' });
      const full = dialog.querySelector('img')!;
      expect(full.getAttribute('src')).toBe(image.url);
      expect(full.getAttribute('alt')).toBe('cat.png');
      expect(document.activeElement?.textContent).toBe('Close');

      await userEvent.keyboard('{Escape}');
      expect(screen.queryByRole('dialog')).toBeNull();
      expect(document.activeElement).toBe(open);

      await userEvent.click(open);
      await userEvent.click(screen.getByRole('button', { name: 'Close' }));
      expect(screen.queryByRole('dialog')).toBeNull();
    });

    it('shows a file as a card with its name, size and a download link', () => {
      renderItem(item({ content: 'the report', attachments: [pdf] }));
      expect(screen.getByText('report.pdf')).toBeTruthy();
      expect(screen.getByText('1.2 MB')).toBeTruthy();
      const link = screen.getByRole('link', { name: 'Download report.pdf' });
      expect(link.getAttribute('href')).toBe(pdf.url);
      expect(link.getAttribute('download')).toBe('report.pdf');
      expect(document.querySelector('.message-text')?.textContent).toContain('the report');
    });

    it('gives audio and video native controls', () => {
      renderItem(
        item({
          attachments: [
            { ...pdf, id: 5, kind: 'audio', name: 'song.mp3', mimeType: 'audio/mpeg' },
            { ...pdf, id: 6, kind: 'video', name: 'clip.mp4', mimeType: 'video/mp4' },
          ],
        }),
      );
      const audio = document.querySelector('audio')!;
      const video = document.querySelector('video')!;
      expect(audio.controls).toBe(true);
      expect(video.controls).toBe(true);
      expect(audio.getAttribute('src')).toBe(pdf.url);
    });

    it('shows a voice message with its player', () => {
      renderItem(item({ content: '', attachments: [voice] }));
      expect(screen.getByRole('button', { name: 'Play voice message' })).toBeTruthy();
      expect(screen.getByRole('slider', { name: 'Seek' }).getAttribute('aria-valuemax')).toBe('7');
      expect(screen.getByText('0:07')).toBeTruthy();
    });

    it('keeps the order sent', () => {
      renderItem(item({ attachments: [pdf, image] }));
      const kinds = Array.from(document.querySelector('.attachments')!.children).map(
        (el) => el.className,
      );
      expect(kinds).toEqual(['attachment-file', 'attachment-image']);
    });

    it('shows none on a tombstone', () => {
      renderItem(
        item({ content: '', deletedAt: '2026-11-25T10:02:00.000Z', attachments: [image, pdf] }),
      );
      expect(screen.getByText('message deleted')).toBeTruthy();
      expect(screen.queryByRole('img')).toBeNull();
      expect(screen.queryByRole('link')).toBeNull();
    });

    it('shows them on our own message while it is being sent', () => {
      renderItem(item({ id: null, seq: null, status: 'pending', content: '', attachments: [pdf] }));
      expect(screen.getByText('Sending…')).toBeTruthy();
      expect(screen.getByRole('link', { name: 'Download report.pdf' })).toBeTruthy();
    });
  });
});
