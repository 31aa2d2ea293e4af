import type { Member, Room, UserSummary } from '../../api/types';

/** How many of the user's rooms are asked for their members when picking someone. */
export const ROOMS_ASKED = 12;

/**
 * People the user can pick without a user search route: the members of rooms they share
 * and of their direct rooms, without themselves or those already in the room.
 */
export function knownPeople(
  memberLists: Member[][],
  rooms: Room[],
  exclude: Set<number>,
): UserSummary[] {
  const people = new Map<number, UserSummary>();
  const add = (u: UserSummary) => {
    if (!exclude.has(u.id) && !people.has(u.id))
      people.set(u.id, { id: u.id, username: u.username, displayName: u.displayName });
  };
  for (const room of rooms) room.members?.forEach(add);
  for (const list of memberLists) list.forEach(add);
  return [...people.values()].sort((a, b) =>
    (a.displayName || a.username).localeCompare(b.displayName || b.username),
  );
}

/** Whether someone matches what was typed: a part of their name, or their id. */
export function matchesPerson(person: UserSummary, query: string): boolean {
  const q = query.trim().toLowerCase().replace(/^@/, '');
  if (!q) return true;
  return (
    String(person.id) === q ||
    person.username.toLowerCase().includes(q) ||
    (person.displayName || '').toLowerCase().includes(q)
  );
}

/** A typed user id ("42" or "#42"), or null. */
export function typedUserId(query: string): number | null {
  const match = /^#?(\d{1,10})$/.exec(query.trim());
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
