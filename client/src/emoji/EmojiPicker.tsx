import '../styles/rich.css';

import {
  type EmojiPickerListCategoryHeaderProps,
  type EmojiPickerListEmojiProps,
  EmojiPicker as Picker,
} from 'frimousse';
import { useEffect, useRef } from 'react';

import { resolveEmojiData } from './resolveEmojiData';

function CategoryHeader({ category, ...props }: EmojiPickerListCategoryHeaderProps) {
  return (
    <div className="emoji-picker-category" {...props}>
      {category.label}
    </div>
  );
}

function Emoji({ emoji, ...props }: EmojiPickerListEmojiProps) {
  return (
    <button className="emoji-picker-emoji" title={emoji.label} {...props}>
      {emoji.emoji}
    </button>
  );
}

const LIST_COMPONENTS = { CategoryHeader, Emoji };

/** Emojibase's data as the client build ships it (see vite.config.ts). */
const EMOJIBASE_URL = '/emojibase';

interface EmojiPickerProps {
  onPick: (emoji: string) => void;
  onClose: () => void;
}

/** Search, categories and skin tone; closes on a pick, on Escape and on a click outside. */
export function EmojiPicker({ onPick, onClose }: EmojiPickerProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      close.current();
    }
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) close.current();
    }
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, []);

  return (
    <Picker.Root
      ref={rootRef}
      className="emoji-picker"
      role="dialog"
      aria-label="Emoji picker"
      columns={8}
      emojibaseUrl={EMOJIBASE_URL}
      resolveEmojiData={resolveEmojiData}
      onEmojiSelect={({ emoji }) => {
        onPick(emoji);
        onClose();
      }}
    >
      <div className="emoji-picker-header">
        <Picker.Search className="emoji-picker-search" aria-label="Search emoji" autoFocus />
        <Picker.SkinToneSelector className="emoji-picker-skin" />
      </div>
      <Picker.Viewport className="emoji-picker-viewport">
        <Picker.Loading className="emoji-picker-note">Loading…</Picker.Loading>
        <Picker.Empty className="emoji-picker-note">No emoji found.</Picker.Empty>
        <Picker.List className="emoji-picker-list" components={LIST_COMPONENTS} />
      </Picker.Viewport>
    </Picker.Root>
  );
}
