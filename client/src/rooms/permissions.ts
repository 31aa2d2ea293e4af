import type { Role, RoomKind } from '@contract/rooms.js';

/** What the caller may do in a room, from their role: controls they may not use are hidden. */

export function canModerate(role: Role | null): boolean {
  return role === 'owner' || role === 'moderator';
}

/** Kick or ban: the owner anyone but the owner; a moderator plain members only. */
export function canRemove(mine: Role | null, theirs: Role): boolean {
  if (mine === 'owner') return theirs !== 'owner';
  return mine === 'moderator' && theirs === 'member';
}

/** Make or unmake a moderator: the owner only. */
export function canSetRole(mine: Role | null, theirs: Role): boolean {
  return mine === 'owner' && theirs !== 'owner';
}

/** Add someone: in a private room owners and moderators, in a public one any member. */
export function canInvite(mine: Role | null, kind: RoomKind): boolean {
  if (kind === 'direct' || mine === null) return false;
  return kind === 'public' || canModerate(mine);
}

/** The owner cannot leave (they would leave the room ownerless), nor anyone a direct room. */
export function canLeave(mine: Role | null, kind: RoomKind): boolean {
  return mine !== null && mine !== 'owner' && kind !== 'direct';
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  moderator: 'Moderator',
  member: 'Member',
};
