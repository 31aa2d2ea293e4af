import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { Member, Room } from '../../api/types';
import { Session } from '../../session/session';
import { SessionProvider } from '../../session/SessionContext';
import { TokenStore } from '../../session/tokenStore';
import { RoomsContext } from '../RoomsContext';
import type { RoomsStore } from '../useRooms';
import { RoomSettings } from './RoomSettings';

const member = (id: number, username: string, role: Member['role']): Member => ({
  id,
  username,
  displayName: username.toUpperCase(),
  role,
  online: false,
  joinedAt: '2026-11-30T10:00:00.000Z',
});

const members = [
  member(1, 'ana', 'owner'),
  member(2, 'bo', 'moderator'),
  member(3, 'cy', 'member'),
];

function room(role: Room['role'], kind: Room['kind'] = 'private'): Room {
  return {
    id: 5,
    name: 'secret',
    description: '',
    kind,
    createdAt: '2026-11-30T10:00:00.000Z',
    memberCount: 3,
    onlineCount: 0,
    lastMessage: null,
    unreadCount: 0,
    mentionCount: 0,
    joined: true,
    role,
    notifyLevel: 'mentions',
  };
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(me: { id: number; username: string }, shown: Room, answer?: Response) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      calls.push(`${method} ${url}`);
      if (url.endsWith('/bans') && method === 'GET') return json(200, []);
      if (url.endsWith('/members') && method === 'GET') return json(200, members);
      return answer ?? new Response(null, { status: 204 });
    }),
  );
  new TokenStore().save({
    refreshToken: 'r1',
    accessToken: 'a1',
    accessExpiresAt: Date.now() + 600_000,
    user: { ...me, displayName: me.username },
  });
  const rooms = {
    rooms: [shown],
    update: vi.fn(),
    upsert: vi.fn(),
    setNotify: vi.fn(),
  } as unknown as RoomsStore;
  const reloadMembers = vi.fn();
  render(
    <SessionProvider session={new Session(new TokenStore(), undefined)}>
      <RoomsContext.Provider value={rooms}>
        <RoomSettings
          room={shown}
          members={members}
          reloadMembers={reloadMembers}
          onClose={() => undefined}
        />
      </RoomsContext.Provider>
    </SessionProvider>,
  );
  return { calls, reloadMembers, rooms };
}

const entry = (name: string) =>
  within(screen.getByRole('listitem', { name: new RegExp(`^${name},`) }));

describe(RoomSettings.name, () => {
  it('gives the owner roles, removal and bans, and rename', async () => {
    setup({ id: 1, username: 'ana' }, room('owner'));
    expect(entry('BO').getByRole('button', { name: 'Remove moderator' })).toBeTruthy();
    expect(entry('BO').getByRole('button', { name: 'Ban BO' })).toBeTruthy();
    expect(entry('CY').getByRole('button', { name: 'Make moderator' })).toBeTruthy();
    expect(entry('ANA').queryByRole('button', { name: /Remove|Ban/ })).toBeNull();
    expect(screen.getByRole('form', { name: 'Room name and description' })).toBeTruthy();
    expect(await screen.findByText('Nobody is banned.')).toBeTruthy();
  });

  it('lets a moderator remove plain members only, and not change roles', () => {
    setup({ id: 2, username: 'bo' }, room('moderator'));
    expect(entry('CY').getByRole('button', { name: 'Remove CY from the room' })).toBeTruthy();
    expect(entry('ANA').queryByRole('button', { name: /Remove|Ban/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /moderator/ })).toBeNull();
  });

  it('shows a member no moderation at all, and no way to add people to a private room', () => {
    setup({ id: 3, username: 'cy' }, room('member'));
    expect(screen.queryByRole('button', { name: /Remove|Ban|moderator/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Room name and description' })).toBeNull();
    expect(screen.queryByText('Add people')).toBeNull();
    expect(entry('ANA').getByRole('button', { name: 'Message ANA' })).toBeTruthy();
  });

  it('says plainly when the server refuses', async () => {
    const { reloadMembers } = setup(
      { id: 1, username: 'ana' },
      room('owner'),
      json(403, { statusCode: 403, message: 'Only the owner may do that', error: 'Forbidden' }),
    );
    await userEvent.click(entry('CY').getByRole('button', { name: 'Ban CY' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not allowed: Only the owner may do that',
    );
    expect(reloadMembers).not.toHaveBeenCalled();
  });

  it('kicks with DELETE members/:userId and reloads the members', async () => {
    const { calls, reloadMembers } = setup({ id: 1, username: 'ana' }, room('owner'));
    await userEvent.click(entry('CY').getByRole('button', { name: 'Remove CY from the room' }));
    expect(calls).toContain('DELETE /api/rooms/5/members/3');
    await waitFor(() => expect(reloadMembers).toHaveBeenCalled());
  });

  it('sets the notification level', async () => {
    const { calls, rooms } = setup(
      { id: 3, username: 'cy' },
      room('member'),
      json(200, { level: 'none' }),
    );
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Notifications for this room' }),
      'none',
    );
    expect(calls).toContain('PUT /api/rooms/5/notify');
    expect(rooms.setNotify).toHaveBeenLastCalledWith(5, 'none');
  });
});
