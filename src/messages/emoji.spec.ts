import { normalizeEmoji } from './emoji.js';

describe('normalizeEmoji', () => {
  it.each(['👍', '👍🏽', '👩‍💻', '🏳️‍🌈', '🇫🇷', '1️⃣', '❤️', '🎉'])('accepts %s as it is', (emoji) => {
    expect(normalizeEmoji(emoji)).toBe(emoji);
  });

  it('gives a bare pictograph its emoji presentation, so ❤ and ❤️ are one reaction', () => {
    expect(normalizeEmoji('❤')).toBe('❤️');
  });

  it.each(['', 'a', ':)', '👍👍', '👍 ', 'ok👍', '1', '\u200d', '👍'.repeat(20)])(
    'refuses %j',
    (text) => {
      expect(normalizeEmoji(text)).toBeNull();
    },
  );
});
