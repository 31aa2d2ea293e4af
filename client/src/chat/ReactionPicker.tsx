import { useState } from 'react';

import { EmojiPicker } from '../emoji/EmojiPicker';
import { QUICK_REACTIONS } from '../emoji/quickReactions';

/** Quick reactions, and "More reactions" for the full emoji picker. */
export function ReactionPicker(props: { onPick: (emoji: string) => void; onClose: () => void }) {
  const [more, setMore] = useState(false);
  if (more)
    return (
      <div className="reaction-picker more">
        <EmojiPicker onPick={props.onPick} onClose={props.onClose} />
      </div>
    );
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
        <button type="button" aria-label="More reactions" onClick={() => setMore(true)}>
          ＋
        </button>
      </div>
    </div>
  );
}
