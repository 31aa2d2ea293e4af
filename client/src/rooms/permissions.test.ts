import { canInvite, canLeave, canModerate, canRemove, canSetRole } from './permissions';

describe('room permissions', () => {
  it('lets owners and moderators moderate', () => {
    expect(canModerate('owner')).toBe(true);
    expect(canModerate('moderator')).toBe(true);
    expect(canModerate('member')).toBe(false);
    expect(canModerate(null)).toBe(false);
  });

  it('lets a moderator remove members but not moderators nor the owner', () => {
    expect(canRemove('moderator', 'member')).toBe(true);
    expect(canRemove('moderator', 'moderator')).toBe(false);
    expect(canRemove('moderator', 'owner')).toBe(false);
    expect(canRemove('owner', 'moderator')).toBe(true);
    expect(canRemove('owner', 'owner')).toBe(false);
    expect(canRemove('member', 'member')).toBe(false);
  });

  it('lets only the owner change roles', () => {
    expect(canSetRole('owner', 'member')).toBe(true);
    expect(canSetRole('owner', 'moderator')).toBe(true);
    expect(canSetRole('moderator', 'member')).toBe(false);
  });

  it('lets members add people to public rooms, moderators to private ones, nobody to DMs', () => {
    expect(canInvite('member', 'public')).toBe(true);
    expect(canInvite('member', 'private')).toBe(false);
    expect(canInvite('moderator', 'private')).toBe(true);
    expect(canInvite('owner', 'direct')).toBe(false);
    expect(canInvite(null, 'public')).toBe(false);
  });

  it('keeps the owner in the room and everyone in a direct room', () => {
    expect(canLeave('owner', 'public')).toBe(false);
    expect(canLeave('member', 'direct')).toBe(false);
    expect(canLeave('moderator', 'private')).toBe(true);
  });
});
