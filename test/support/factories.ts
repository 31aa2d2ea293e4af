import request from 'supertest';

import type { TestApp } from './create-app.js';

export interface TestUser {
  id: number;
  username: string;
  accessToken: string;
  refreshToken: string;
  /** `Authorization` header value. */
  auth: string;
}

let counter = 0;

/** A fresh user, logged in (registered by its first login). */
export async function makeUser(
  testApp: TestApp,
  username = `user${++counter}_${process.pid}`,
): Promise<TestUser> {
  const response = await request(testApp.url)
    .post('/api/auth/login')
    .send({ username, password: 'correct horse battery' })
    .expect(201);
  const { accessToken, refreshToken, user } = response.body;
  return {
    id: user.id,
    username: user.username,
    accessToken,
    refreshToken,
    auth: `Bearer ${accessToken}`,
  };
}

/** A fresh room created by `owner` (who joins it). */
export async function makeRoom(
  testApp: TestApp,
  owner: TestUser,
  name = `room-${++counter}`,
): Promise<{ id: number; name: string }> {
  const response = await request(testApp.url)
    .post('/api/rooms')
    .set('Authorization', owner.auth)
    .send({ name })
    .expect(201);
  return { id: response.body.id, name: response.body.name };
}

export async function joinRoom(testApp: TestApp, user: TestUser, roomId: number): Promise<void> {
  await request(testApp.url)
    .put(`/api/rooms/${roomId}/members/me`)
    .set('Authorization', user.auth)
    .expect(200);
}
