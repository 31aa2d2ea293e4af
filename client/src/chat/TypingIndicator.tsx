import { typingText } from './presence';

export function TypingIndicator({ names }: { names: string[] }) {
  return (
    <div className="typing" aria-live="polite">
      {names.length > 0 && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {typingText(names)}
        </>
      )}
    </div>
  );
}
