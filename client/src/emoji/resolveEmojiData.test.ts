import { defaultEmojiDataResolver, type EmojiData } from 'frimousse';

import { FALLBACK_EMOJI_DATA } from './fallbackEmojiData';

vi.mock('frimousse', () => ({ defaultEmojiDataResolver: vi.fn() }));

const fetched: EmojiData = { ...FALLBACK_EMOJI_DATA, emojis: [], locale: 'en' };

// A fresh module each time: it remembers a failure.
async function load() {
  vi.resetModules();
  const { resolveEmojiData } = await import('./resolveEmojiData');
  const { FALLBACK_EMOJI_DATA: builtIn } = await import('./fallbackEmojiData');
  return { resolve: resolveEmojiData, builtIn };
}

describe('resolveEmojiData', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("passes Emojibase's data through when the CDN answers", async () => {
    const { resolve } = await load();
    vi.mocked(defaultEmojiDataResolver).mockResolvedValue(fetched);
    await expect(resolve('en', {})).resolves.toBe(fetched);
  });

  it('falls back to the built-in set when the CDN cannot be reached', async () => {
    const { resolve, builtIn } = await load();
    vi.mocked(defaultEmojiDataResolver).mockRejectedValue(new TypeError('Failed to fetch'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(resolve('en', {})).resolves.toBe(builtIn);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('asks the CDN again only five minutes after a failure', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { resolve, builtIn } = await load();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const resolver = vi.mocked(defaultEmojiDataResolver);
    resolver.mockReset();
    resolver.mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValue(fetched);
    await resolve('en', {});
    await expect(resolve('en', {})).resolves.toBe(builtIn);
    expect(resolver).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5 * 60_000);
    await expect(resolve('en', {})).resolves.toBe(fetched);
    expect(resolver).toHaveBeenCalledTimes(2);
  });

  it('lets an abort through rather than hiding it behind the built-in set', async () => {
    const { resolve } = await load();
    const controller = new AbortController();
    controller.abort();
    vi.mocked(defaultEmojiDataResolver).mockRejectedValue(controller.signal.reason);
    await expect(resolve('en', { signal: controller.signal })).rejects.toBe(
      controller.signal.reason,
    );
    vi.mocked(defaultEmojiDataResolver).mockResolvedValue(fetched);
    await expect(resolve('en', {})).resolves.toBe(fetched);
  });
});
