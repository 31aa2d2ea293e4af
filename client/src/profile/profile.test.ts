import { safeAvatarUrl } from './avatarUrl';
import { profileUpdate } from './ProfileForm';

describe('safeAvatarUrl', () => {
  it('lets only http and https through', () => {
    expect(safeAvatarUrl('https://example.com/a.png')).toBe('https://example.com/a.png');
    expect(safeAvatarUrl('http://example.com/a.png')).toBe('http://example.com/a.png');
    expect(safeAvatarUrl('javascript:alert(1)')).toBeNull();
    expect(safeAvatarUrl('data:image/png;base64,AAAA')).toBeNull();
    expect(safeAvatarUrl('/relative.png')).toBeNull();
    expect(safeAvatarUrl(null)).toBeNull();
  });
});

describe('profileUpdate', () => {
  it('sends trimmed values and an empty avatar URL as null', () => {
    expect(profileUpdate('  Ana  ', 'hello', ' ')).toEqual({
      displayName: 'Ana',
      bio: 'hello',
      avatarUrl: null,
    });
  });

  it('refuses what the contract refuses', () => {
    expect(profileUpdate('', '', '')).toMatch(/display name/i);
    expect(profileUpdate('x'.repeat(65), '', '')).toMatch(/display name/i);
    expect(profileUpdate('Ana', 'x'.repeat(501), '')).toMatch(/bio/i);
    expect(profileUpdate('Ana', '', 'javascript:alert(1)')).toMatch(/http/i);
  });
});
