import { jest } from '@jest/globals';

import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import { timelineApi, TimelineApi } from './timeline-api.js';

jest.setTimeout(30_000);

/**
 * README "Choices where the contract is silent": edits share MESSAGE_RATE with posts;
 * reactions and pins have twice MESSAGE_RATE per user. A refused change stores and
 * publishes nothing.
 */
describe('rate limits of timeline changes', () => {
  let app: TestApp;
  let api: TimelineApi;
  let ana: TestUser;
  let bob: TestUser;
  let roomId: number;
  let watcher: TestSocket;

  beforeAll(async () => {
    app = await createApp({ MESSAGE_RATE: '1/m burst 3' }); // reactions and pins: burst 6
    api = timelineApi(app);
    [ana, bob] = await Promise.all([makeUser(app, 'ana'), makeUser(app, 'bob')]);
    roomId = (await makeRoom(app, ana)).id;
    await joinRoom(app, bob, roomId);
    watcher = await connect(app, roomId, bob.accessToken);
  });

  afterAll(async () => {
    await watcher.close();
    await app.close();
  });

  async function lastSeq(): Promise<number> {
    const socket = await connect(app, roomId, bob.accessToken);
    const ready = socket.frames[0];
    await socket.close();
    return ready.lastSeq as number;
  }

  it('counts edits with posts against MESSAGE_RATE: 429 with Retry-After, nothing stored', async () => {
    const first = (await api.send(ana, roomId, 'one').expect(201)).body;
    await api.edit(ana, first.id, 'one, edited').expect(200);
    await api.send(ana, roomId, 'two').expect(201);
    const refusedPost = await api.send(ana, roomId, 'three').expect(429);
    expect(Number(refusedPost.headers['retry-after'])).toBeGreaterThan(0);
    const refusedEdit = await api.edit(ana, first.id, 'one, edited again').expect(429);
    expect(Number(refusedEdit.headers['retry-after'])).toBeGreaterThan(0);
    expect(await lastSeq()).toBe(3);
    expect((await api.get(bob, first.id).expect(200)).body.content).toBe('one, edited');
  });

  it('gives reactions and pins twice MESSAGE_RATE, per user', async () => {
    const target = (await api.send(bob, roomId, 'react here').expect(201)).body;
    const before = await lastSeq();
    await watcher.settle();
    const emojis = [...'😀😃😄😁😆😅'];
    for (const emoji of emojis) await api.react(ana, target.id, emoji).expect(200);
    const refused = await api.react(ana, target.id, '🙂').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await api.pin(ana, target.id).expect(429);
    // Another user has a budget of their own.
    await api.pin(bob, target.id).expect(200);
    await watcher.sync();
    expect(watcher.untaken('reaction')).toHaveLength(6);
    expect(watcher.untaken('message.pinned')).toHaveLength(1);
    expect(await lastSeq()).toBe(before + 7);
    const shown = (await api.get(ana, target.id).expect(200)).body;
    expect(shown.reactions.map((reaction: { emoji: string }) => reaction.emoji)).toEqual(emojis);
  });
});
