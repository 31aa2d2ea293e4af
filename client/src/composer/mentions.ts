import type { Member } from '@contract/rooms.js';

/** The `@…` being typed: where its `@` is and the letters after it, up to the caret. */
export interface MentionQuery {
  start: number;
  text: string;
}

export interface MentionOption {
  username: string;
  /** A member's display name; for `room` and `all`, what they do. */
  detail: string;
}

export const MAX_MENTION_OPTIONS = 8;

const ROOM_OPTIONS: MentionOption[] = [
  { username: 'room', detail: 'Notify everyone in this room' },
  { username: 'all', detail: 'Notify everyone in this room' },
];

const USERNAME_CHAR = /[A-Za-z0-9_.-]/;
// A mention starts a word: at the start, after white space or an opening bracket or quote.
const WORD_START = /[\s([{"'«]/;

/** The mention being typed before `caret`, or null when the caret is not in one. */
export function findMentionQuery(text: string, caret: number): MentionQuery | null {
  let at = caret;
  while (at > 0 && USERNAME_CHAR.test(text[at - 1])) at -= 1;
  const start = at - 1;
  if (start < 0 || text[start] !== '@') return null;
  if (start > 0 && !WORD_START.test(text[start - 1])) return null;
  return { start, text: text.slice(at, caret) };
}

/** 0: the username or display name starts with the query; 1: a later word does; else null. */
function rank(option: MentionOption, query: string): number | null {
  const username = option.username.toLowerCase();
  const detail = option.detail.toLowerCase();
  if (username.startsWith(query) || detail.startsWith(query)) return 0;
  if (detail.split(/\s+/).some((word) => word.startsWith(query))) return 1;
  if (username.includes(query)) return 2;
  return null;
}

/** Members matching `query` (case-insensitive, prefixes first), then `room` and `all`. */
export function matchMentions(members: Member[], query: string): MentionOption[] {
  const lower = query.toLowerCase();
  const people = members
    .map((member) => ({ username: member.username, detail: member.displayName }))
    .map((option) => ({ option, rank: rank(option, lower) }))
    .filter((entry): entry is { option: MentionOption; rank: number } => entry.rank !== null)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        a.option.username.localeCompare(b.option.username, undefined, { sensitivity: 'base' }),
    )
    .map((entry) => entry.option);
  const rooms = ROOM_OPTIONS.filter((option) => option.username.startsWith(lower));
  return [...people.slice(0, MAX_MENTION_OPTIONS - rooms.length), ...rooms];
}

/**
 * `text` with the mention at `query` (and the rest of its word after the caret) replaced by
 * `@username `, and the caret just after that space.
 */
export function insertMention(
  text: string,
  query: MentionQuery,
  caret: number,
  username: string,
): { text: string; caret: number } {
  let end = caret;
  while (end < text.length && USERNAME_CHAR.test(text[end])) end += 1;
  const before = text.slice(0, query.start);
  const after = text.slice(end);
  const mention = `@${username}`;
  const space = after.startsWith(' ') ? '' : ' ';
  return {
    text: `${before}${mention}${space}${after}`,
    caret: before.length + mention.length + 1,
  };
}
