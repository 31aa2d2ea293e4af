import type { Member } from '@contract/rooms.js';

import { findMentionQuery, insertMention, matchMentions } from './mentions';

function member(id: number, username: string, displayName = username): Member {
  return {
    id,
    username,
    displayName,
    online: false,
    joinedAt: '2026-11-30T10:00:00Z',
    role: 'member',
  };
}

const MEMBERS = [
  member(1, 'ana'),
  member(2, 'bob', 'Bob Annan'),
  member(3, 'Anatole'),
  member(4, 'carol', 'Carol'),
  member(5, 'diana'),
];

describe('findMentionQuery', () => {
  it('finds the @ and the letters before the caret at the start of a word', () => {
    expect(findMentionQuery('@an', 3)).toEqual({ start: 0, text: 'an' });
    expect(findMentionQuery('hi @an', 6)).toEqual({ start: 3, text: 'an' });
    expect(findMentionQuery('hi (@', 5)).toEqual({ start: 4, text: '' });
    expect(findMentionQuery('line\n@b.c', 9)).toEqual({ start: 5, text: 'b.c' });
  });

  it('reads only up to the caret', () => {
    expect(findMentionQuery('hi @anatole', 6)).toEqual({ start: 3, text: 'an' });
  });

  it('finds nothing inside a word, an e-mail address, or after a space', () => {
    expect(findMentionQuery('ana@exa', 7)).toBeNull();
    expect(findMentionQuery('hi @ana rest', 12)).toBeNull();
    expect(findMentionQuery('plain text', 10)).toBeNull();
    expect(findMentionQuery('', 0)).toBeNull();
  });
});

describe('matchMentions', () => {
  const names = (query: string) => matchMentions(MEMBERS, query).map((o) => o.username);

  it('puts prefixes of usernames and display names first, case-insensitively', () => {
    expect(names('AN')).toEqual(['ana', 'Anatole', 'bob', 'diana']);
  });

  it('matches a display name by any of its words', () => {
    expect(names('annan')).toEqual(['bob']);
  });

  it('offers room and all after the members', () => {
    expect(names('')).toEqual(['ana', 'Anatole', 'bob', 'carol', 'diana', 'room', 'all']);
    expect(names('roo')).toEqual(['room']);
    expect(names('al')).toEqual(['all']);
  });

  it('puts prefixes, then later words of display names, then letters inside a username', () => {
    expect(names('a')).toEqual(['ana', 'Anatole', 'bob', 'carol', 'diana', 'all']);
    expect(names('nat')).toEqual(['Anatole']);
  });

  it('finds nobody for letters no one has', () => {
    expect(names('zz')).toEqual([]);
  });

  it('offers at most eight', () => {
    const many = Array.from({ length: 20 }, (_, i) => member(i + 10, `user${i}`));
    expect(matchMentions(many, 'user')).toHaveLength(8);
  });
});

describe('insertMention', () => {
  it('replaces the query with @username and a space, caret after it', () => {
    expect(insertMention('hi @an', { start: 3, text: 'an' }, 6, 'ana')).toEqual({
      text: 'hi @ana ',
      caret: 8,
    });
  });

  it('inserts in the middle of the text, keeping what follows', () => {
    const text = 'hi @b, how are you';
    expect(insertMention(text, { start: 3, text: 'b' }, 5, 'bob')).toEqual({
      text: 'hi @bob , how are you',
      caret: 8,
    });
  });

  it('replaces the rest of the word after the caret and reuses a following space', () => {
    const text = 'hi @anXX there';
    expect(insertMention(text, { start: 3, text: 'an' }, 6, 'Anatole')).toEqual({
      text: 'hi @Anatole there',
      caret: 12,
    });
  });
});
