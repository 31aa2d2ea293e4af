import { jest } from '@jest/globals';
import type { DataSource } from 'typeorm';

import { saveUser, unitDatabase } from '../../test/support/unit-database.js';
import { InMemoryBroadcaster } from '../broadcast/in-memory-broadcaster.js';
import type { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { RefreshToken } from './refresh-token.entity.js';
import { RefreshTokens } from './refresh-tokens.js';
import { LIVE_TTL_MS, Sessions } from './sessions.js';

describe(Sessions.name, () => {
  const config = { refreshTokenTtlSeconds: 3600, accessTokenTtlSeconds: 900 } as AppConfig;
  let dataSource: DataSource;
  let database: Database;
  let broadcaster: InMemoryBroadcaster;
  let tokens: RefreshTokens;
  let sessions: Sessions;
  let userId: number;

  beforeAll(async () => {
    dataSource = await unitDatabase();
    database = new Database(dataSource);
    userId = (await saveUser(dataSource, 'ana')).id;
  });

  afterAll(() => dataSource.destroy());

  beforeEach(() => {
    broadcaster = new InMemoryBroadcaster();
    tokens = new RefreshTokens(dataSource.getRepository(RefreshToken), config, broadcaster);
    sessions = new Sessions(database, broadcaster, config);
  });

  afterEach(() => {
    sessions.onModuleDestroy();
    jest.restoreAllMocks();
  });

  /** Revokes in the database only, as another instance whose end event was lost would. */
  const revokeSilently = (familyId: string) =>
    dataSource.getRepository(RefreshToken).update({ familyId }, { revokedAt: new Date() });

  it('answers a live session from one query, then from memory', async () => {
    const { familyId } = await tokens.issue(userId);
    const query = jest.spyOn(database, 'query');
    expect(await sessions.isLive(familyId, 0)).toBe(true);
    expect(await sessions.isLive(familyId, 1000)).toBe(true);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('refuses a session at once when it ends on this instance or another', async () => {
    const { token, familyId } = await tokens.issue(userId);
    expect(await sessions.isLive(familyId)).toBe(true);
    await tokens.revoke(token);
    expect(await sessions.isLive(familyId)).toBe(false);
    const other = await tokens.issue(userId);
    expect(await sessions.isLive(other.familyId)).toBe(true);
    broadcaster.endSession(other.familyId);
    expect(await sessions.isLive(other.familyId)).toBe(false);
  });

  it('asks again after its TTL, so a lost end event costs at most that long', async () => {
    const { familyId } = await tokens.issue(userId);
    expect(await sessions.isLive(familyId, 0)).toBe(true);
    await revokeSilently(familyId);
    expect(await sessions.isLive(familyId, LIVE_TTL_MS - 1)).toBe(true);
    expect(await sessions.isLive(familyId, LIVE_TTL_MS)).toBe(false);
  });

  it('refuses an unknown session and remembers it without asking again', async () => {
    const query = jest.spyOn(database, 'query');
    expect(await sessions.isLive('no-such-session')).toBe(false);
    expect(await sessions.isLive('no-such-session')).toBe(false);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('lets an end event win over a lookup that was under way', async () => {
    const { familyId } = await tokens.issue(userId);
    const lookup = sessions.isLive(familyId);
    broadcaster.endSession(familyId);
    expect(await lookup).toBe(false);
    expect(await sessions.isLive(familyId)).toBe(false);
  });

  it('shares one query among concurrent misses for a session', async () => {
    const { familyId } = await tokens.issue(userId);
    const query = jest.spyOn(database, 'query');
    const answers = await Promise.all([1, 2, 3].map(() => sessions.isLive(familyId)));
    expect(answers).toEqual([true, true, true]);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('stops listening when the module is destroyed', async () => {
    const { familyId } = await tokens.issue(userId);
    expect(await sessions.isLive(familyId)).toBe(true);
    sessions.onModuleDestroy();
    broadcaster.endSession(familyId);
    expect(await sessions.isLive(familyId)).toBe(true);
  });
});
