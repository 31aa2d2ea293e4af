import { useState } from 'react';

// The colleague's quick reactions and picker replace these when they land (src/emoji).
const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

/** Quick reactions, and "More" for any emoji. */
export function ReactionPicker(props: { onPick: (emoji: string) => void; onClose: () => void }) {
  const [more, setMore] = useState(false);
  const [typed, setTyped] = useState('');
  return (
    <div className="reaction-picker" role="dialog" aria-label="Choose a reaction">
      <div className="quick-reactions">
        {QUICK_REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            aria-label={`React with ${emoji}`}
            onClick={() => props.onPick(emoji)}
          >
            {emoji}
          </button>
        ))}
        <button type="button" aria-label="More reactions" onClick={() => setMore((m) => !m)}>
          ＋
        </button>
      </div>
      {more && (
        <form
          className="reaction-more"
          onSubmit={(event) => {
            event.preventDefault();
            if (typed.trim()) props.onPick(typed.trim());
          }}
        >
          <input
            aria-label="Emoji"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            placeholder="Type or paste an emoji"
            autoFocus
          />
          <button type="submit" className="button small">
            Add
          </button>
        </form>
      )}
    </div>
  );
}
