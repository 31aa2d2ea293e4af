import { defaultEmojiDataResolver, type EmojiDataResolver } from 'frimousse';

import { FALLBACK_EMOJI_DATA } from './fallbackEmojiData';

/**
 * Emojibase's data from frimousse's CDN (cached in localStorage once fetched); the small
 * built-in set when it cannot be fetched.
 */
export const resolveEmojiData: EmojiDataResolver = async (locale, options) => {
  try {
    return await defaultEmojiDataResolver(locale, options);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    console.warn('Emoji data could not be fetched; showing the built-in set.', error);
    return FALLBACK_EMOJI_DATA;
  }
};
