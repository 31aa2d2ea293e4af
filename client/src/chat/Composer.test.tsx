import type { Message } from '@contract/messages.js';
import type { Member } from '@contract/rooms.js';
import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentProps } from 'react';

import type { Attachment } from '../api/types';
import { type UploadFn, UploadQueue } from '../uploads/uploadQueue';
import { Composer } from './Composer';

function message(id: number, content: string, displayName = 'Ana'): Message {
  return {
    id,
    roomId: 1,
    seq: id,
    clientId: null,
    author: { id: 7, username: 'ana', displayName },
    content,
    createdAt: '2026-11-30T10:00:00Z',
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

const MEMBERS: Member[] = [
  {
    id: 7,
    username: 'ana',
    displayName: 'Ana',
    online: true,
    joinedAt: '2026-11-30T10:00:00Z',
    role: 'member',
  },
  {
    id: 8,
    username: 'bob',
    displayName: 'Bob',
    online: false,
    joinedAt: '2026-11-30T10:00:00Z',
    role: 'member',
  },
];

type Props = ComponentProps<typeof Composer>;

function setup(overrides: Partial<Props> = {}) {
  const props = {
    roomName: '#general',
    onSend: vi.fn(),
    onKeystroke: vi.fn(),
    onStopTyping: vi.fn(),
    replyTo: null,
    onCancelReply: vi.fn(),
    editing: null,
    onCancelEdit: vi.fn(),
    onSubmitEdit: vi.fn(),
    onEditLast: vi.fn(),
    members: MEMBERS,
    ...overrides,
  };
  const view = render(<Composer {...props} />);
  const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  const rerender = (next: Partial<Props>) => view.rerender(<Composer {...props} {...next} />);
  return { ...props, box, rerender };
}

describe('Composer', () => {
  it('sends on Enter and starts a new line on Shift+Enter', async () => {
    const { onSend, box } = setup();
    await userEvent.type(box, 'first line{Shift>}{Enter}{/Shift}second line{Enter}');
    expect(onSend).toHaveBeenCalledWith('first line\nsecond line');
    expect(box.value).toBe('');
  });

  it('sends nothing blank', async () => {
    const { onSend, box } = setup();
    await userEvent.type(box, '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
  });

  it('lets Enter confirm an input method composition without sending', () => {
    const { onSend, box } = setup();
    fireEvent.change(box, { target: { value: 'にほん' } });
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('にほん');
  });

  it('reports typing, and its end on blur', async () => {
    const { onKeystroke, onStopTyping, box } = setup();
    await userEvent.type(box, 'hi');
    expect(onKeystroke).toHaveBeenCalledTimes(2);
    await userEvent.tab();
    expect(onStopTyping).toHaveBeenCalled();
  });

  it('refuses a message over 4000 characters', async () => {
    const { onSend, box } = setup();
    await userEvent.click(box);
    await userEvent.paste('x'.repeat(4001));
    await userEvent.keyboard('{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('4001 / 4000');
  });

  it('still works with only the props of a parent written before replies and edits', async () => {
    const onSend = vi.fn();
    render(
      <Composer roomName="#general" onSend={onSend} onKeystroke={vi.fn()} onStopTyping={vi.fn()} />,
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'old{ArrowUp}{Enter}');
    expect(onSend).toHaveBeenCalledWith('old');
  });

  describe('replying', () => {
    it('shows who and what is answered, and cancels with the close button', async () => {
      const long = 'word '.repeat(60);
      const { onCancelReply } = setup({ replyTo: message(3, long) });
      const bar = screen.getByText(/Replying to/).closest('.composer-context')!;
      expect(bar.textContent).toMatch(/^Replying to Ana: (word ){23}word…/);
      await userEvent.click(screen.getByRole('button', { name: 'Cancel reply' }));
      expect(onCancelReply).toHaveBeenCalledTimes(1);
    });

    it('cancels with Escape and sends the text with Enter', async () => {
      const { onCancelReply, onSend, box } = setup({ replyTo: message(3, 'hello') });
      expect(document.activeElement).toBe(box);
      await userEvent.keyboard('{Escape}');
      expect(onCancelReply).toHaveBeenCalledTimes(1);
      await userEvent.type(box, 'yes!{Enter}');
      expect(onSend).toHaveBeenCalledWith('yes!');
    });

    it('shows no reply bar without a reply', () => {
      setup();
      expect(screen.queryByText(/Replying to/)).toBeNull();
      expect(screen.queryByRole('button', { name: 'Cancel reply' })).toBeNull();
    });
  });

  describe('editing', () => {
    it('puts the message in the box and submits the trimmed new text with Enter', async () => {
      const { onSubmitEdit, onSend, box } = setup({ editing: message(5, 'old text') });
      expect(screen.getByText('Editing message')).toBeTruthy();
      expect(box.value).toBe('old text');
      expect(box.selectionStart).toBe(8);
      await userEvent.type(box, ' fixed  {Enter}');
      expect(onSubmitEdit).toHaveBeenCalledWith('old text fixed');
      expect(onSend).not.toHaveBeenCalled();
    });

    it('cancels with Escape or the Cancel button', async () => {
      const { onCancelEdit } = setup({ editing: message(5, 'old text') });
      await userEvent.keyboard('{Escape}');
      await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(onCancelEdit).toHaveBeenCalledTimes(2);
    });

    it('submits no blank text, and an unchanged text only ends the edit', async () => {
      const { onSubmitEdit, onCancelEdit, box } = setup({ editing: message(5, 'same') });
      await userEvent.keyboard('{Enter}');
      expect(onCancelEdit).toHaveBeenCalledTimes(1);
      await userEvent.clear(box);
      await userEvent.keyboard('{Enter}');
      expect(onSubmitEdit).not.toHaveBeenCalled();
    });

    it('sets the draft aside while editing and gives it back afterwards', async () => {
      const { box, rerender } = setup();
      await userEvent.type(box, 'my draft');
      rerender({ editing: message(5, 'the message') });
      expect(box.value).toBe('the message');
      rerender({ editing: null });
      expect(box.value).toBe('my draft');
    });

    it('reports no typing while editing', async () => {
      const { onKeystroke, box } = setup({ editing: message(5, 'x') });
      await userEvent.type(box, 'yz');
      expect(onKeystroke).not.toHaveBeenCalled();
    });
  });

  describe('Up-arrow', () => {
    it('asks to edit my last message when the box is empty', async () => {
      const { onEditLast, box } = setup();
      await userEvent.type(box, '{ArrowUp}');
      expect(onEditLast).toHaveBeenCalledTimes(1);
    });

    it('moves the caret as usual when the box has text', async () => {
      const { onEditLast, box } = setup();
      await userEvent.type(box, 'a{Shift>}{Enter}{/Shift}b{ArrowUp}');
      expect(onEditLast).not.toHaveBeenCalled();
    });
  });

  describe('@ autocomplete', () => {
    it('inserts the member picked with the keyboard, and Enter then sends', async () => {
      const { onSend, box } = setup();
      await userEvent.type(box, 'hi @b');
      expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['@bobBob']);
      await userEvent.keyboard('{Enter}');
      expect(onSend).not.toHaveBeenCalled();
      expect(box.value).toBe('hi @bob ');
      await userEvent.keyboard('{Enter}');
      expect(onSend).toHaveBeenCalledWith('hi @bob');
    });

    it('closes the list with Escape without cancelling a reply', async () => {
      const { onCancelReply, box } = setup({ replyTo: message(3, 'hello') });
      await userEvent.type(box, '@a');
      await userEvent.keyboard('{Escape}');
      expect(screen.queryByRole('listbox')).toBeNull();
      expect(onCancelReply).not.toHaveBeenCalled();
    });
  });

  describe('attachments', () => {
    function attachment(id: number, name: string): Attachment {
      return {
        id,
        kind: 'image',
        name,
        mimeType: 'image/png',
        size: 2048,
        width: 10,
        height: 10,
        url: `/api/uploads/${id}/content?expires=1&signature=s`,
      };
    }

    /** A queue whose uploads the test finishes or refuses, one by one. */
    function uploadsUnderControl() {
      const pending: {
        name: string;
        finish: (a: Attachment) => void;
        fail: (e: unknown) => void;
      }[] = [];
      const upload: UploadFn = (file, { onProgress }) =>
        new Promise((resolve, reject) => {
          onProgress(40);
          pending.push({ name: file.name, finish: resolve, fail: reject });
        });
      return { queue: new UploadQueue(upload), pending };
    }

    const png = (name: string) => new File(['x'], name, { type: 'image/png' });

    it('uploads chosen files at once with a progress bar, and sends their ids with empty content', async () => {
      const { queue, pending } = uploadsUnderControl();
      const { onSend } = setup({ uploads: queue });
      const input = document.querySelector('input[type="file"]') as HTMLInputElement;
      expect(input.multiple).toBe(true);
      await userEvent.upload(input, [png('a.png'), png('b.png')]);
      expect(pending.map((p) => p.name)).toEqual(['a.png', 'b.png']);
      const bars = screen.getAllByRole('progressbar');
      expect(bars.map((b) => b.getAttribute('aria-valuenow'))).toEqual(['40', '40']);
      const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
      expect(send.disabled).toBe(true);

      await act(async () => pending[1].finish(attachment(22, 'b.png')));
      await act(async () => pending[0].finish(attachment(21, 'a.png')));
      expect(send.disabled).toBe(false);
      await userEvent.click(send);
      // In the order added, not the order finished.
      expect(onSend).toHaveBeenCalledWith('', [
        expect.objectContaining({ id: 21 }),
        expect.objectContaining({ id: 22 }),
      ]);
      expect(screen.queryByRole('progressbar')).toBeNull();
      expect(screen.queryByText('a.png')).toBeNull();
    });

    it('sends the text with the finished uploads, and keeps one still uploading', async () => {
      const { queue, pending } = uploadsUnderControl();
      const { onSend, box } = setup({ uploads: queue });
      act(() => queue.add([png('done.png'), png('slow.png')]));
      await act(async () => pending[0].finish(attachment(5, 'done.png')));
      await userEvent.type(box, 'look{Enter}');
      expect(onSend).toHaveBeenCalledWith('look', [expect.objectContaining({ id: 5 })]);
      expect(screen.getByText('slow.png')).toBeTruthy();
      expect(screen.queryByText('done.png')).toBeNull();
    });

    it('cancels an upload with its Cancel upload button', async () => {
      const abort = vi.fn();
      const upload: UploadFn = (_file, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            abort();
            reject(new DOMException('cancelled', 'AbortError'));
          });
        });
      const cancellable = new UploadQueue(upload);
      setup({ uploads: cancellable });
      act(() => cancellable.add([png('a.png')]));
      await userEvent.click(screen.getByRole('button', { name: 'Cancel upload' }));
      expect(abort).toHaveBeenCalledTimes(1);
      expect(screen.queryByText('a.png')).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
    });

    it('shows a refusal as an alert and sends nothing for it', async () => {
      const { queue, pending } = uploadsUnderControl();
      const { onSend, box } = setup({ uploads: queue });
      act(() => queue.add([new File(['x'], 'notes.txt', { type: 'text/plain' })]));
      await act(async () => pending[0].fail(new Error('disk full')));
      expect(screen.getByRole('alert').textContent).toBe(
        'notes.txt could not be uploaded: disk full',
      );
      expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(
        true,
      );
      await userEvent.type(box, '{Enter}');
      expect(onSend).not.toHaveBeenCalled();
    });

    it('attaches files pasted into the box', async () => {
      const { queue, pending } = uploadsUnderControl();
      const { box } = setup({ uploads: queue });
      fireEvent.paste(box, {
        clipboardData: { files: [png('screenshot.png')], getData: () => '' },
      });
      expect(pending.map((p) => p.name)).toEqual(['screenshot.png']);
      expect(screen.getByText('screenshot.png')).toBeTruthy();
    });

    it('offers no attachments while editing', () => {
      const { queue } = uploadsUnderControl();
      setup({ uploads: queue, editing: message(3, 'old text') });
      expect(screen.queryByRole('button', { name: 'Attach files' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Record a voice message' })).toBeNull();
    });

    it('has the attach and voice buttons with a queue', () => {
      const { queue } = uploadsUnderControl();
      setup({ uploads: queue });
      expect(screen.getByRole('button', { name: 'Attach files' })).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Record a voice message' })).toBeTruthy();
    });
  });
});
