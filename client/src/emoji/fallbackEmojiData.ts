import type { EmojiData } from 'frimousse';

type Skins = NonNullable<EmojiData['emojis'][number]['skins']>;

const TONES: [keyof Skins, string][] = [
  ['light', '\u{1F3FB}'],
  ['medium-light', '\u{1F3FC}'],
  ['medium', '\u{1F3FD}'],
  ['medium-dark', '\u{1F3FE}'],
  ['dark', '\u{1F3FF}'],
];

function skins(emoji: string): Skins {
  return Object.fromEntries(TONES.map(([tone, modifier]) => [tone, emoji + modifier])) as Skins;
}

// [category, emoji, label, tags, takes a skin tone]
const ROWS: [number, string, string, string, boolean?][] = [
  [0, '😀', 'Grinning face', 'smile happy'],
  [0, '😄', 'Grinning face with smiling eyes', 'smile happy'],
  [0, '😂', 'Face with tears of joy', 'laugh lol'],
  [0, '🤣', 'Rolling on the floor laughing', 'laugh lol'],
  [0, '😊', 'Smiling face with smiling eyes', 'blush happy'],
  [0, '😉', 'Winking face', 'wink'],
  [0, '😍', 'Smiling face with heart-eyes', 'love'],
  [0, '😘', 'Face blowing a kiss', 'kiss'],
  [0, '😎', 'Smiling face with sunglasses', 'cool'],
  [0, '🤔', 'Thinking face', 'hmm think'],
  [0, '😐', 'Neutral face', 'meh'],
  [0, '🙄', 'Face with rolling eyes', 'eyeroll'],
  [0, '😮', 'Face with open mouth', 'wow surprise'],
  [0, '😢', 'Crying face', 'sad tear'],
  [0, '😭', 'Loudly crying face', 'sad cry'],
  [0, '😡', 'Enraged face', 'angry mad'],
  [0, '🥳', 'Partying face', 'party celebrate'],
  [0, '😴', 'Sleeping face', 'tired sleep'],
  [0, '🤯', 'Exploding head', 'mind blown'],
  [0, '🙃', 'Upside-down face', 'silly'],
  [0, '❤️', 'Red heart', 'love like'],
  [0, '💔', 'Broken heart', 'sad'],
  [0, '🔥', 'Fire', 'lit hot'],
  [0, '💯', 'Hundred points', 'perfect score'],
  [1, '👍', 'Thumbs up', 'yes like +1 approve', true],
  [1, '👎', 'Thumbs down', 'no dislike -1', true],
  [1, '👏', 'Clapping hands', 'applause bravo', true],
  [1, '🙌', 'Raising hands', 'hooray celebrate', true],
  [1, '🙏', 'Folded hands', 'please thanks', true],
  [1, '👋', 'Waving hand', 'hello bye', true],
  [1, '👌', 'OK hand', 'ok perfect', true],
  [1, '✌️', 'Victory hand', 'peace', true],
  [1, '💪', 'Flexed biceps', 'strong', true],
  [1, '👀', 'Eyes', 'look see'],
  [1, '🤝', 'Handshake', 'deal agree'],
  [3, '🐶', 'Dog face', 'dog puppy'],
  [3, '🐱', 'Cat face', 'cat kitten'],
  [3, '🌱', 'Seedling', 'plant grow'],
  [3, '🌈', 'Rainbow', 'rainbow'],
  [3, '☀️', 'Sun', 'sunny weather'],
  [4, '☕', 'Hot beverage', 'coffee tea'],
  [4, '🍕', 'Pizza', 'food'],
  [4, '🍰', 'Shortcake', 'cake dessert'],
  [4, '🍺', 'Beer mug', 'beer drink'],
  [6, '🎉', 'Party popper', 'tada celebrate party'],
  [6, '🎂', 'Birthday cake', 'birthday'],
  [6, '🏆', 'Trophy', 'win prize'],
  [6, '⚽', 'Soccer ball', 'football sport'],
  [7, '💡', 'Light bulb', 'idea'],
  [7, '📌', 'Pushpin', 'pin'],
  [7, '🔒', 'Locked', 'lock secure'],
  [7, '🚀', 'Rocket', 'launch ship'],
  [8, '✅', 'Check mark button', 'done yes ok'],
  [8, '❌', 'Cross mark', 'no wrong'],
  [8, '⚠️', 'Warning', 'caution'],
  [8, '❓', 'Red question mark', 'question'],
];

/**
 * A small built-in set shown when the full Emojibase data cannot be fetched (offline, or a
 * Content-Security-Policy that does not allow the CDN): the picker still works.
 */
export const FALLBACK_EMOJI_DATA: EmojiData = {
  locale: 'en',
  categories: [
    { index: 0, label: 'Smileys & emotion' },
    { index: 1, label: 'People & body' },
    { index: 3, label: 'Animals & nature' },
    { index: 4, label: 'Food & drink' },
    { index: 6, label: 'Activities' },
    { index: 7, label: 'Objects' },
    { index: 8, label: 'Symbols' },
  ],
  emojis: ROWS.map(([category, emoji, label, tags, toned]) => ({
    emoji,
    category,
    label,
    version: 1,
    tags: tags.split(' '),
    skins: toned ? skins(emoji.replace('\uFE0F', '')) : undefined,
  })),
  skinTones: {
    light: 'Light skin tone',
    'medium-light': 'Medium-light skin tone',
    medium: 'Medium skin tone',
    'medium-dark': 'Medium-dark skin tone',
    dark: 'Dark skin tone',
  },
};
