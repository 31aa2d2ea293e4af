/**
 * One emoji as Unicode defines them for interchange (RGI): a single pictograph, a skin-tone
 * variant, a keycap, a flag or a ZWJ sequence such as 👩‍💻. The `v` flag is built from a
 * string because the compile target predates it; Node 20 supports it.
 */
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** The longest RGI sequence is well under this; longer input is refused before the regex. */
const MAX_EMOJI_LENGTH = 32;
const EMOJI_PRESENTATION = '\uFE0F';

/**
 * The emoji in its RGI form, or null when the text is not exactly one emoji. A pictograph
 * typed without its emoji presentation selector (❤ for ❤️) is the same reaction.
 */
export function normalizeEmoji(text: string): string | null {
  if (text.length > MAX_EMOJI_LENGTH) return null;
  if (ONE_EMOJI.test(text)) return text;
  const presented = text + EMOJI_PRESENTATION;
  return [...text].length === 1 && ONE_EMOJI.test(presented) ? presented : null;
}
