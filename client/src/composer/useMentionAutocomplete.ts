import type { Member } from '@contract/rooms.js';
import {
  type KeyboardEvent,
  type RefObject,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

import { findMentionQuery, insertMention, matchMentions, type MentionOption } from './mentions';

interface Options {
  members: Member[];
  text: string;
  setText: (text: string) => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}

export interface MentionAutocomplete {
  open: boolean;
  options: MentionOption[];
  active: number;
  listId: string;
  optionId: (index: number) => string;
  /** Call after every change of the text or of the caret (onChange, onSelect). */
  sync: () => void;
  /** Handles the key when the list is open (Up, Down, Enter, Tab, Escape): true if used. */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  pick: (index: number) => void;
}

/** `@` autocomplete for a textarea whose text the caller holds. */
export function useMentionAutocomplete({
  members,
  text,
  setText,
  inputRef,
}: Options): MentionAutocomplete {
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  // The `@` whose list Escape closed: it stays closed until another `@` is typed.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const pendingCaret = useRef<number | null>(null);

  const query = findMentionQuery(text, Math.min(caret, text.length));
  const queryText = query?.text ?? null;
  const options = useMemo(
    () => (queryText === null ? [] : matchMentions(members, queryText)),
    [members, queryText],
  );
  const open = query !== null && options.length > 0 && dismissed !== query.start;
  const current = Math.min(active, Math.max(options.length - 1, 0));

  // The caret goes after an inserted mention once React has written the new text.
  useLayoutEffect(() => {
    const position = pendingCaret.current;
    const input = inputRef.current;
    if (position === null || !input) return;
    pendingCaret.current = null;
    input.setSelectionRange(position, position);
  }, [text, inputRef]);

  function sync() {
    const input = inputRef.current;
    const position = input ? input.selectionStart : text.length;
    if (position !== caret) setCaret(position);
    const next = input ? findMentionQuery(input.value, position) : null;
    if (next?.text !== queryText) setActive(0);
    if (!next && dismissed !== null) setDismissed(null);
  }

  function pick(index: number) {
    const option = options[index];
    if (!query || !option) return;
    const inserted = insertMention(text, query, caret, option.username);
    pendingCaret.current = inserted.caret;
    setCaret(inserted.caret);
    setActive(0);
    setText(inserted.text);
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || !query || event.nativeEvent.isComposing) return false;
    const move = (by: number) => setActive((current + by + options.length) % options.length);
    switch (event.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey) return false;
        pick(current);
        break;
      case 'Escape':
        setDismissed(query.start);
        break;
      default:
        return false;
    }
    event.preventDefault();
    return true;
  }

  return {
    open,
    options,
    active: current,
    listId,
    optionId: (index) => `${listId}-option-${index}`,
    sync,
    onKeyDown,
    pick,
  };
}
