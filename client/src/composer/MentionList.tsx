import type { MentionAutocomplete } from './useMentionAutocomplete';

/** The `@` suggestions under the composer; the textarea keeps the focus throughout. */
export function MentionList({ autocomplete }: { autocomplete: MentionAutocomplete }) {
  if (!autocomplete.open) return null;
  return (
    <ul id={autocomplete.listId} className="mention-list" role="listbox" aria-label="Mentions">
      {autocomplete.options.map((option, index) => (
        <li
          key={option.username}
          id={autocomplete.optionId(index)}
          role="option"
          aria-selected={index === autocomplete.active}
          className={index === autocomplete.active ? 'active' : undefined}
          // Keeps the focus (and the caret) in the textarea.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => autocomplete.pick(index)}
        >
          <span className="mention-list-name">@{option.username}</span>
          {option.detail && option.detail !== option.username && (
            <span className="mention-list-detail">{option.detail}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
