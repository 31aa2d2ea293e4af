import '../styles/rich.css';
import '../styles/uploads.css';

import type { Attachment, Message } from '@contract/messages.js';
import type { Member } from '@contract/rooms.js';
import {
  type ClipboardEvent,
  type KeyboardEvent,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

import { MentionList } from '../composer/MentionList';
import { useMentionAutocomplete } from '../composer/useMentionAutocomplete';
import { Icon } from './icons';
import { messageSummary } from '../uploads/summary';
import { UploadChips } from '../uploads/UploadChips';
import type { UploadQueue } from '../uploads/uploadQueue';
import { useUploadQueueState } from '../uploads/useUploadQueue';
import { VoiceRecorder } from '../voice/VoiceRecorder';

export const MAX_MESSAGE_LENGTH = 4000;
const EXCERPT_LENGTH = 120;

interface ComposerProps {
  /** As shown in the placeholder: "#general", or a direct room's people. */
  roomName: string | null;
  /** `content` may be "" when there are attachments (finished uploads, in the order added). */
  onSend: (content: string, attachments?: Attachment[]) => void;
  onKeystroke: () => void;
  onStopTyping: () => void;
  // Optional only so a parent written before replies and edits still compiles.
  replyTo?: Message | null;
  onCancelReply?: () => void;
  editing?: Message | null;
  onCancelEdit?: () => void;
  onSubmitEdit?: (content: string) => void;
  /** Up-arrow in an empty box: edit my last message. */
  onEditLast?: () => void;
  /** The room's members, for `@` autocomplete. */
  members?: Member[];
  /** The attachments being uploaded; without it there is no attach or voice button. */
  uploads?: UploadQueue;
}

const NO_MEMBERS: Member[] = [];
const nothing = () => {};

function excerpt(content: string): string {
  const flat = content.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH).trimEnd()}…` : flat;
}

/**
 * Enter sends (or saves an edit), Shift+Enter starts a new line; the box grows with its text.
 * While editing, the draft is set aside and comes back when the edit ends.
 */
export function Composer(props: ComposerProps) {
  const { roomName, onSend, onKeystroke, onStopTyping } = props;
  const { replyTo = null, editing = null, members = NO_MEMBERS } = props;
  const { onCancelReply = nothing, onCancelEdit = nothing } = props;
  const { onSubmitEdit = nothing, onEditLast = nothing } = props;
  const [text, setText] = useState('');
  const [draft, setDraft] = useState('');
  const [editingId, setEditingId] = useState<number | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const mention = useMentionAutocomplete({ members, text, setText, inputRef: ref });
  const trimmed = text.trim();
  const tooLong = trimmed.length > MAX_MESSAGE_LENGTH;
  const uploads = props.uploads;
  const fileInput = useRef<HTMLInputElement>(null);
  const { items } = useUploadQueueState(uploads);
  // Attachments go with a new message only: an edit changes the text.
  const attaching = !editing && items.some((i) => i.status === 'done');
  const canSend = !tooLong && (trimmed !== '' || attaching);

  // Entering or leaving an edit swaps the box's text (state adjusted while rendering).
  const nextEditingId = editing?.id ?? null;
  if (nextEditingId !== editingId) {
    if (editingId === null) setDraft(text);
    setText(editing ? editing.content : draft);
    if (!editing) setDraft('');
    setEditingId(nextEditingId);
  }

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  // Starting a reply or an edit puts the caret at the end of the box.
  const replyToId = replyTo?.id ?? null;
  useEffect(() => {
    const el = ref.current;
    if (!el || (editingId === null && replyToId === null)) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [editingId, replyToId]);

  function submit() {
    if (!canSend) return;
    if (editing) {
      if (!trimmed) return;
      if (trimmed === editing.content) onCancelEdit();
      else onSubmitEdit(trimmed);
    } else {
      const attachments = uploads?.takeFinished() ?? [];
      if (attachments.length) onSend(trimmed, attachments);
      else onSend(trimmed);
      setText('');
    }
    ref.current?.focus();
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (!uploads || editing || !files.length) return;
    // Pasted files (a screenshot, files copied in a file manager) become attachments.
    event.preventDefault();
    uploads.add(files);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (mention.onKeyDown(event)) return;
    // While an input method composes (Japanese, Chinese…), keys belong to it.
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Escape' && (editing || replyTo)) {
      event.preventDefault();
      if (editing) onCancelEdit();
      else onCancelReply();
    } else if (event.key === 'ArrowUp' && text === '' && !editing) {
      event.preventDefault();
      onEditLast();
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form
      className={`composer${editing ? ' editing' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {(editing || replyTo) && (
        <div className="composer-context">
          {editing ? (
            <span className="composer-context-text">Editing message</span>
          ) : (
            <span className="composer-context-text">
              Replying to <strong>{replyTo!.author.displayName || replyTo!.author.username}</strong>
              :{' '}
              <span className="composer-excerpt">
                {excerpt(messageSummary(replyTo!.content, replyTo!.attachments))}
              </span>
            </span>
          )}
          {editing ? (
            <button type="button" className="button small" onClick={onCancelEdit}>
              Cancel
            </button>
          ) : (
            <button
              type="button"
              className="composer-context-close"
              aria-label="Cancel reply"
              onClick={onCancelReply}
            >
              ×
            </button>
          )}
        </div>
      )}
      {uploads && !editing && <UploadChips queue={uploads} />}
      <MentionList autocomplete={mention} />
      {uploads && !editing && (
        <>
          <button
            type="button"
            className="composer-tool"
            aria-label="Attach files"
            title="Attach files"
            onClick={() => fileInput.current?.click()}
          >
            <Icon name="attach" size={18} />
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            tabIndex={-1}
            aria-hidden="true"
            onChange={(event) => {
              uploads.add(Array.from(event.target.files ?? []));
              // The same file can be chosen again.
              event.target.value = '';
            }}
          />
          <VoiceRecorder upload={uploads.upload} onSend={(a) => onSend('', [a])} />
        </>
      )}
      <textarea
        ref={ref}
        rows={1}
        aria-label="Message"
        placeholder={roomName ? `Message ${roomName}` : 'Message'}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          mention.sync();
          if (editing) return;
          if (event.target.value.trim()) onKeystroke();
          else onStopTyping();
        }}
        onSelect={mention.sync}
        onClick={mention.sync}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={onStopTyping}
        aria-autocomplete="list"
        aria-controls={mention.open ? mention.listId : undefined}
        aria-activedescendant={mention.open ? mention.optionId(mention.active) : undefined}
        aria-invalid={tooLong || undefined}
        aria-describedby={tooLong ? 'composer-too-long' : undefined}
      />
      {tooLong && (
        <span id="composer-too-long" className="composer-count" role="alert">
          {trimmed.length} / {MAX_MESSAGE_LENGTH}
        </span>
      )}
      <button type="submit" className="button primary send" disabled={!canSend}>
        {editing ? 'Save' : 'Send'}
      </button>
    </form>
  );
}
