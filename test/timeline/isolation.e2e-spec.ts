import { jest } from '@jest/globals';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';
import {
  createTimelineApp,
  range,
  seqOf,
  timelineApi,
  TimelineApi,
  timelineFrames,
} from './timeline-api.js';

jest.setTimeout(30_000);

/**
 * Timeline changes that arrive together are written together: one person's change that
 * cannot be stored must fail alone, never the changes of others made at the same moment.
 */
describe('one refused change does not take others down with it', () => {
  let app: TestApp;
  let api: TimelineApi;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    app = await createTimelineApp();
    api = timelineApi(app);
    [ana, bob, carl] = await Promise.all(['ana', 'bob', 'carl'].map((name) => makeUser(app, name)));
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
  });

  afterAll(() => app.close());

  async function setup() {
    const room = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, room.id), joinRoom(app, carl, room.id)]);
    const target = (await api.send(carl, room.id, 'react to me').expect(201)).body;
    const watcher = await connect(app, room.id, carl.accessToken);
    open.push(watcher);
    await watcher.settle();
    return { roomId: room.id, target, watcher };
  }

  it('answers refusals alone while the others’ changes of the same moment go through', async () => {
    const { roomId, target, watcher } = await setup();
    const mine = (await api.send(ana, roomId, 'mine').expect(201)).body;
    await watcher.next('message');
    const good = [
      ...range(1, 6).map((index) => api.send(bob, roomId, `bob ${index}`)),
      api.react(bob, target.id, '👍'),
      api.react(carl, target.id, '🎉'),
      api.pin(bob, target.id),
    ];
    const bad = [
      api.edit(bob, mine.id, 'not his'), // 403
      api.react(ana, 999999, '👍'), // 404
      api.send(ana, roomId, { content: 'x', replyToId: 999999 }), // 400
    ];
    const answers = await Promise.all([...good.slice(0, 4), ...bad, ...good.slice(4)]);
    const goodAnswers = [...answers.slice(0, 4), ...answers.slice(7)];
    expect(goodAnswers.map((answer) => answer.status)).toEqual([
      201, 201, 201, 201, 201, 201, 200, 200, 200,
    ]);
    expect(answers.slice(4, 7).map((answer) => answer.status)).toEqual([403, 404, 400]);
    await watcher.sync();
    const frames = timelineFrames(watcher).filter((frame) => seqOf(frame) > mine.seq);
    expect(frames.map(seqOf)).toEqual(range(mine.seq + 1, mine.seq + 9));
  });

  it('answers a content the database cannot hold (a NUL) without failing others', async () => {
    const { roomId, target, watcher } = await setup();
    const mine = (await api.send(ana, roomId, 'mine').expect(201)).body;
    await watcher.next('message');
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([
        api.send(bob, roomId, `bob before ${round}`),
        api.react(bob, target.id, round % 2 ? '👍' : '🎉'),
        api.send(ana, roomId, `nul \u0000 ${round}`),
        api.edit(ana, mine.id, `edited \u0000 ${round}`),
        api.send(carl, roomId, `carl after ${round}`),
        api.pin(carl, target.id),
      ]);
      const [bobSend, bobReact, nulSend, nulEdit, carlSend, carlPin] = answers;
      const oneOf = (status: number, allowed: number[]) =>
        allowed.includes(status) ? 'ok' : status;
      expect({
        round,
        // Everyone else's changes are untouched by it.
        bobSend: bobSend.status,
        bobReact: bobReact.status,
        carlSend: carlSend.status,
        carlPin: carlPin.status,
        // Stored as sent or refused as invalid: never a server error.
        nulSend: oneOf(nulSend.status, [201, 400]),
        nulEdit: oneOf(nulEdit.status, [200, 400]),
      }).toEqual({
        round,
        bobSend: 201,
        bobReact: 200,
        carlSend: 201,
        carlPin: 200,
        nulSend: 'ok',
        nulEdit: 'ok',
      });
    }
    // Whatever was answered is what the room has: a gapless timeline, each event once.
    await watcher.sync();
    const frames = timelineFrames(watcher).filter((frame) => seqOf(frame) > mine.seq);
    const lastSeq = Math.max(...frames.map(seqOf));
    expect(frames.map(seqOf)).toEqual(range(mine.seq + 1, lastSeq));
  });

  it('answers a NUL over the socket as stored or invalid, and the socket stays open', async () => {
    const { roomId, watcher } = await setup();
    const socket = await connect(app, roomId, ana.accessToken);
    open.push(socket);
    socket.send({ type: 'message', content: 'nul \u0000 here', clientId: 'nul-1' });
    socket.send({ type: 'message', content: 'next one', clientId: 'nul-2' });
    // Each frame is answered, by its message or by an error.
    const answerTo = (clientId: string) =>
      socket.frames.find(
        (frame) =>
          (frame.type === 'message' && frame.message.clientId === clientId) ||
          (frame.type === 'error' && frame.clientId === clientId),
      );
    for (let waited = 0; !(answerTo('nul-1') && answerTo('nul-2')); waited += 10) {
      if (waited > 5000) throw new Error('no answer to both frames');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(answerTo('nul-2')).toMatchObject({ type: 'message', message: { content: 'next one' } });
    await socket.sync();
    const errors = socket.untaken('error');
    expect(errors.every((error) => error.code === 'invalid' && error.clientId === 'nul-1')).toBe(
      true,
    );
    const stored = socket.frames.filter(
      (frame) => frame.type === 'message' && frame.message.clientId === 'nul-1',
    );
    expect(errors.length + stored.length).toBe(1);
    await watcher.sync();
    expect(watcher.frames.filter((frame) => frame.type === 'message')).toHaveLength(
      1 + stored.length,
    );
  });
});
