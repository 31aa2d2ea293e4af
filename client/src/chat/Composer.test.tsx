import type { Message } from '@contract/messages.js';
import type { Member } from '@contract/rooms.js';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentProps } from 'react';

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
});
