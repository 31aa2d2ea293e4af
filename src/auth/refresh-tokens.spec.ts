import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';

import { saveUser, unitDatabase } from '../../test/support/unit-database.js';
import type { Broadcaster } from '../broadcast/broadcaster.js';
import type { AppConfig } from '../config/app-config.js';
import { RefreshToken } from './refresh-token.entity.js';
import { RefreshTokens } from './refresh-tokens.js';

describe(RefreshTokens.name, () => {
  let dataSource: DataSource;
  let tokens: RefreshTokens;
  let userId: number;
  const endSession = jest.fn<(sessionId: string) => void>();

  beforeAll(async () => {
    dataSource = await unitDatabase();
    tokens = new RefreshTokens(
      dataSource.getRepository(RefreshToken),
      { refreshTokenTtlSeconds: 3600 } as AppConfig,
      { endSession } as unknown as Broadcaster,
    );
    userId = (await saveUser(dataSource, 'ana')).id;
  });

  afterAll(() => dataSource.destroy());

  beforeEach(() => endSession.mockClear());

  it('stores only a hash of the token', async () => {
    const issued = await tokens.issue(userId);
    const rows = await dataSource.getRepository(RefreshToken).findBy({ familyId: issued.familyId });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].tokenHash).not.toContain(issued.token);
  });

  it('rotates within the family, once', async () => {
    const issued = await tokens.issue(userId);
    const next = await tokens.rotate(issued.token);
    expect(next).toMatchObject({ userId, familyId: issued.familyId });
    expect(next.token).not.toBe(issued.token);
  });

  it('revokes the family when a rotated token comes back', async () => {
    const issued = await tokens.issue(userId);
    const next = await tokens.rotate(issued.token);
    await expect(tokens.rotate(issued.token)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(tokens.rotate(next.token)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('ends the session (its access tokens and sockets) when reuse revokes it, once', async () => {
    const issued = await tokens.issue(userId);
    await tokens.rotate(issued.token);
    expect(endSession).not.toHaveBeenCalled();
    await expect(tokens.rotate(issued.token)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(tokens.rotate(issued.token)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(endSession.mock.calls).toEqual([[issued.familyId]]);
  });

  it('ends the session on logout, once', async () => {
    const issued = await tokens.issue(userId);
    await tokens.revoke(issued.token);
    await tokens.revoke(issued.token);
    expect(endSession.mock.calls).toEqual([[issued.familyId]]);
  });

  it('refuses unknown, revoked and expired tokens', async () => {
    await expect(tokens.rotate('unknown')).rejects.toMatchObject({ code: 'unauthorized' });
    const revoked = await tokens.issue(userId);
    expect(await tokens.revoke(revoked.token)).toEqual({ userId, familyId: revoked.familyId });
    await expect(tokens.rotate(revoked.token)).rejects.toMatchObject({ code: 'unauthorized' });
    const expired = await tokens.issue(userId);
    await dataSource
      .getRepository(RefreshToken)
      .update({ familyId: expired.familyId }, { expiresAt: new Date(Date.now() - 1000) });
    await expect(tokens.rotate(expired.token)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('answers null when revoking an unknown token', async () => {
    expect(await tokens.revoke('unknown')).toBeNull();
  });
});
