import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { EmojiPicker } from './EmojiPicker';
import { FALLBACK_EMOJI_DATA } from './fallbackEmojiData';
import { QUICK_REACTIONS } from './quickReactions';

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

// jsdom has no layout: the picker's virtual list shows its first row, so tests search first.
async function setup() {
  vi.stubGlobal('ResizeObserver', NoResizeObserver);
  // The data is not served here, as under the dev server before a build: the built-in set.
  const fetch = vi.fn().mockRejectedValue(new TypeError('Failed to fetch'));
  vi.stubGlobal('fetch', fetch);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const onPick = vi.fn();
  const onClose = vi.fn();
  render(
    <div>
      <button type="button">outside</button>
      <EmojiPicker onPick={onPick} onClose={onClose} />
    </div>,
  );
  const search = screen.getByRole('searchbox', { name: 'Search emoji' });
  await waitFor(() => expect(screen.queryByText('Loading…')).toBeNull());
  return { onPick, onClose, search, fetch };
}

describe('EmojiPicker', () => {
  it('opens with the search box focused, and asks our own server for the emoji data', async () => {
    const { search, fetch } = await setup();
    expect(document.activeElement).toBe(search);
    expect(screen.getByRole('dialog', { name: 'Emoji picker' })).toBeTruthy();
    expect(String(fetch.mock.calls[0][0])).toMatch(/^\/emojibase\/en\/(data|messages)\.json$/);
  });

  it('finds an emoji by name, picks it on click and closes', async () => {
    const { onPick, onClose, search } = await setup();
    await userEvent.type(search, 'thumbs up');
    await userEvent.click(await screen.findByRole('gridcell', { name: 'Thumbs up' }));
    expect(onPick).toHaveBeenCalledWith('👍');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('picks with the keyboard: the first match with Enter, another with the arrows', async () => {
    const { onPick, search } = await setup();
    await userEvent.type(search, 'tada');
    await screen.findByRole('gridcell', { name: 'Party popper' });
    await userEvent.keyboard('{Enter}');
    await userEvent.clear(search);
    await userEvent.type(search, 'thumbs');
    await screen.findByRole('gridcell', { name: 'Thumbs down' });
    // The picker applies a search's results, and resets its active cell to the first, in an
    // idle callback and a frame after they show: an arrow pressed before that is undone.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await userEvent.keyboard('{ArrowRight}{Enter}');
    expect(onPick.mock.calls).toEqual([['🎉'], ['👎']]);
  });

  it('applies the chosen skin tone', async () => {
    const { onPick, search } = await setup();
    await userEvent.click(screen.getByRole('button', { name: /Change skin tone/ }));
    await userEvent.type(search, 'thumbs up');
    await userEvent.click(await screen.findByRole('gridcell', { name: 'Thumbs up' }));
    expect(onPick).toHaveBeenCalledWith('👍🏻');
  });

  it('says so when nothing matches', async () => {
    const { onPick, search } = await setup();
    await userEvent.type(search, 'no such emoji at all');
    expect(await screen.findByText('No emoji found.')).toBeTruthy();
    expect(screen.queryByRole('gridcell')).toBeNull();
    expect(onPick).not.toHaveBeenCalled();
  });

  it('closes on Escape and on a click outside, not on a click inside', async () => {
    const { onClose, onPick, search } = await setup();
    await userEvent.click(search);
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'outside' }));
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(onPick).not.toHaveBeenCalled();
  });
});

describe('QUICK_REACTIONS', () => {
  it('are six, and all in the built-in set so they work offline too', () => {
    const builtIn = new Set(FALLBACK_EMOJI_DATA.emojis.map((e) => e.emoji));
    expect(QUICK_REACTIONS).toHaveLength(6);
    expect(QUICK_REACTIONS.filter((emoji) => !builtIn.has(emoji))).toEqual([]);
  });
});
