import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';

export const MAX_MESSAGE_LENGTH = 4000;

interface ComposerProps {
  roomName: string | null;
  onSend: (content: string) => void;
  onKeystroke: () => void;
  onStopTyping: () => void;
}

/** Enter sends, Shift+Enter starts a new line; the box grows with its text. */
export function Composer({ roomName, onSend, onKeystroke, onStopTyping }: ComposerProps) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const trimmed = text.trim();
  const tooLong = trimmed.length > MAX_MESSAGE_LENGTH;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  function send() {
    if (!trimmed || tooLong) return;
    onSend(trimmed);
    setText('');
    ref.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // While an input method composes (Japanese, Chinese…), Enter confirms the word.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        ref={ref}
        rows={1}
        aria-label="Message"
        placeholder={roomName ? `Message #${roomName}` : 'Message'}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim()) onKeystroke();
          else onStopTyping();
        }}
        onKeyDown={onKeyDown}
        onBlur={onStopTyping}
        aria-invalid={tooLong || undefined}
        aria-describedby={tooLong ? 'composer-too-long' : undefined}
      />
      {tooLong && (
        <span id="composer-too-long" className="composer-count" role="alert">
          {trimmed.length} / {MAX_MESSAGE_LENGTH}
        </span>
      )}
      <button type="submit" className="button primary send" disabled={!trimmed || tooLong}>
        Send
      </button>
    </form>
  );
}
