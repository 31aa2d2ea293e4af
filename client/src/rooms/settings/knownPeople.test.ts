import type { Member, Room } from '../../api/types';
import { knownPeople, matchesPerson, typedUserId } from './knownPeople';

const member = (id: number, username: string, displayName: string): Member => ({
  id,
  username,
  displayName,
  role: 'member',
  online: false,
  joinedAt: '2026-11-30T10:00:00.000Z',
});

describe(knownPeople.name, () => {
  it('gathers people from shared rooms and direct rooms, without those excluded, by name', () => {
    const dm = {
      kind: 'direct',
      members: [
        { id: 1, username: 'ana', displayName: 'Ana' },
        { id: 4, username: 'dee', displayName: 'Dee' },
      ],
    } as Room;
    const people = knownPeople(
      [
        [member(1, 'ana', 'Ana'), member(3, 'cy', 'Cy'), member(2, 'bo', 'Bo')],
        [member(3, 'cy', 'Cy')],
      ],
      [dm],
      new Set([1]),
    );
    expect(people.map((p) => p.username)).toEqual(['bo', 'cy', 'dee']);
  });
});

describe(matchesPerson.name, () => {
  it('matches a part of the name or username, or the id', () => {
    const bo = { id: 12, username: 'bobby', displayName: 'Robert B' };
    expect(matchesPerson(bo, 'rob')).toBe(true);
    expect(matchesPerson(bo, '@bob')).toBe(true);
    expect(matchesPerson(bo, '12')).toBe(true);
    expect(matchesPerson(bo, 'ana')).toBe(false);
  });
});

describe(typedUserId.name, () => {
  it('reads a typed user id', () => {
    expect(typedUserId('42')).toBe(42);
    expect(typedUserId(' #7 ')).toBe(7);
    expect(typedUserId('bo')).toBeNull();
    expect(typedUserId('0')).toBeNull();
  });
});
