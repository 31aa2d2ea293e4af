import { defaultEmojiDataResolver, type EmojiDataResolver } from 'frimousse';

import { FALLBACK_EMOJI_DATA } from './fallbackEmojiData';

// After a failed fetch the picker opens at once with the built-in set for a while, instead
// of asking again each time.
const RETRY_AFTER_MS = 5 * 60_000;
let failedAt: number | null = null;

/**
 * Emojibase's data as the server ships it with the client (cached in localStorage once
 * fetched); the small built-in set when it cannot be fetched (the dev server before a build).
 */
export const resolveEmojiData: EmojiDataResolver = async (locale, options) => {
  if (failedAt !== null && Date.now() - failedAt < RETRY_AFTER_MS) return FALLBACK_EMOJI_DATA;
  try {
    const data = await defaultEmojiDataResolver(locale, options);
    failedAt = null;
    return data;
  } catch (error) {
    if (options.signal?.aborted) throw error;
    failedAt = Date.now();
    console.warn('Emoji data could not be fetched; showing the built-in set.', error);
    return FALLBACK_EMOJI_DATA;
  }
};
