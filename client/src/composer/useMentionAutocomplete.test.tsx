import type { Member } from '@contract/rooms.js';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useRef, useState } from 'react';

import { MentionList } from './MentionList';
import { useMentionAutocomplete } from './useMentionAutocomplete';

function member(id: number, username: string, displayName = username): Member {
  return {
    id,
    username,
    displayName,
    online: true,
    joinedAt: '2026-11-30T10:00:00Z',
    role: 'member',
  };
}

const MEMBERS = [member(1, 'ana', 'Ana Lima'), member(2, 'andre'), member(3, 'bob', 'Bobby')];

/** A bare textarea with the autocomplete; keys it does not use reach `onOtherKey`. */
function Harness({ onOtherKey }: { onOtherKey: (key: string) => void }) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const mention = useMentionAutocomplete({ members: MEMBERS, text, setText, inputRef: ref });
  return (
    <>
      <MentionList autocomplete={mention} />
      <textarea
        ref={ref}
        aria-label="Message"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          mention.sync();
        }}
        onSelect={mention.sync}
        onClick={mention.sync}
        onKeyDown={(event) => {
          if (!mention.onKeyDown(event)) onOtherKey(event.key);
        }}
        aria-activedescendant={mention.open ? mention.optionId(mention.active) : undefined}
      />
    </>
  );
}

function setup() {
  const onOtherKey = vi.fn();
  render(<Harness onOtherKey={onOtherKey} />);
  const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  const options = () => screen.queryAllByRole('option').map((option) => option.textContent);
  const selected = () => screen.getByRole('option', { selected: true }).textContent;
  return { box, onOtherKey, options, selected };
}

describe('useMentionAutocomplete with MentionList', () => {
  it('lists matching members, then room and all, when @ starts a word', async () => {
    const { box, options } = setup();
    await userEvent.type(box, 'hi @a');
    expect(screen.getByRole('listbox', { name: 'Mentions' })).toBeTruthy();
    expect(options()).toEqual(['@anaAna Lima', '@andre', '@allNotify everyone in this room']);
    await userEvent.type(box, 'n');
    expect(options()).toEqual(['@anaAna Lima', '@andre']);
  });

  it('shows no list for an @ inside a word, or when nobody matches', async () => {
    const { box } = setup();
    await userEvent.type(box, 'mail@an');
    expect(screen.queryByRole('listbox')).toBeNull();
    await userEvent.clear(box);
    await userEvent.type(box, '@zz');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('moves with Up and Down, wrapping, and inserts with Enter', async () => {
    const { box, selected, onOtherKey } = setup();
    await userEvent.type(box, '@an');
    expect(selected()).toBe('@anaAna Lima');
    await userEvent.keyboard('{ArrowDown}');
    expect(selected()).toBe('@andre');
    await userEvent.keyboard('{ArrowDown}');
    expect(selected()).toBe('@anaAna Lima');
    await userEvent.keyboard('{ArrowUp}');
    expect(selected()).toBe('@andre');
    await userEvent.keyboard('{Enter}');
    expect(box.value).toBe('@andre ');
    expect(box.selectionStart).toBe(7);
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(onOtherKey).not.toHaveBeenCalledWith('Enter');
  });

  it('inserts with Tab too', async () => {
    const { box } = setup();
    await userEvent.type(box, 'hey @bo');
    await userEvent.keyboard('{Tab}');
    expect(box.value).toBe('hey @bob ');
    expect(document.activeElement).toBe(box);
  });

  it('inserts at the caret in the middle of the text', async () => {
    const { box } = setup();
    await userEvent.type(box, 'hello  how are you');
    box.setSelectionRange(6, 6);
    await userEvent.type(box, '@b', { initialSelectionStart: 6, initialSelectionEnd: 6 });
    expect(screen.getByRole('option', { selected: true }).textContent).toBe('@bobBobby');
    await userEvent.keyboard('{Enter}');
    expect(box.value).toBe('hello @bob how are you');
    expect(box.selectionStart).toBe(11);
  });

  it('closes on Escape and lets Enter through afterwards', async () => {
    const { box, onOtherKey } = setup();
    await userEvent.type(box, '@an');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(onOtherKey).not.toHaveBeenCalledWith('Escape');
    await userEvent.keyboard('{Enter}');
    expect(onOtherKey).toHaveBeenCalledWith('Enter');
    expect(box.value).toBe('@an\n');
  });

  it('opens again for the next @ after an Escape', async () => {
    const { box } = setup();
    await userEvent.type(box, '@an{Escape} and @b');
    expect(screen.getByRole('option', { selected: true }).textContent).toBe('@bobBobby');
  });

  it('inserts the option clicked', async () => {
    const { box } = setup();
    await userEvent.type(box, 'cc @');
    await userEvent.click(screen.getByRole('option', { name: /andre/ }));
    expect(box.value).toBe('cc @andre ');
  });

  it('leaves the keys alone while the list is closed', async () => {
    const { box, onOtherKey } = setup();
    await userEvent.type(box, 'plain');
    await userEvent.keyboard('{ArrowUp}{Tab}');
    expect(onOtherKey).toHaveBeenCalledWith('ArrowUp');
    expect(onOtherKey).toHaveBeenCalledWith('Tab');
  });
});
