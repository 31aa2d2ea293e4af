import { defaultEmojiDataResolver, type EmojiData } from 'frimousse';

import { FALLBACK_EMOJI_DATA } from './fallbackEmojiData';
import { resolveEmojiData } from './resolveEmojiData';

vi.mock('frimousse', () => ({ defaultEmojiDataResolver: vi.fn() }));

const fetched: EmojiData = { ...FALLBACK_EMOJI_DATA, emojis: [], locale: 'en' };

describe('resolveEmojiData', () => {
  it("passes Emojibase's data through when the CDN answers", async () => {
    vi.mocked(defaultEmojiDataResolver).mockResolvedValue(fetched);
    await expect(resolveEmojiData('en', {})).resolves.toBe(fetched);
  });

  it('falls back to the built-in set when the CDN cannot be reached', async () => {
    vi.mocked(defaultEmojiDataResolver).mockRejectedValue(new TypeError('Failed to fetch'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(resolveEmojiData('en', {})).resolves.toBe(FALLBACK_EMOJI_DATA);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('lets an abort through rather than hiding it behind the built-in set', async () => {
    const controller = new AbortController();
    controller.abort();
    vi.mocked(defaultEmojiDataResolver).mockRejectedValue(controller.signal.reason);
    await expect(resolveEmojiData('en', { signal: controller.signal })).rejects.toBe(
      controller.signal.reason,
    );
  });
});
