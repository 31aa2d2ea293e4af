import request from 'supertest';

import { Broadcaster } from '../src/broadcast/broadcaster.js';
import type { RoomEvent } from '../src/broadcast/events.js';
import type { TestApp } from './support/create-app.js';
import { joinRoom, makeRoom, makeUser } from './support/factories.js';
import { describeTwoInstances, startTwoInstances, TwoInstances } from './support/two-instances.js';
import { connect } from './support/ws-client.js';

/** Two instances on one PostgreSQL database, fanning out through Redis. */
describeTwoInstances('two instances behind a balancer', () => {
  let one: TestApp;
  let two: TestApp;
  let instances: TwoInstances;

  beforeAll(async () => {
    // Senders here go faster than MESSAGE_RATE allows; the limit has its own specs.
    instances = await startTwoInstances({ MESSAGE_RATE: '100000/s burst 100000' });
    ({ one, two } = instances);
  });

  afterAll(() => instances?.close());

  const eventsOn = (app: TestApp) => {
    const events: [number, RoomEvent][] = [];
    const stop = app.app.get(Broadcaster).subscribe((topic, event) => {
      if (topic.startsWith('room:')) events.push([Number(topic.slice(5)), event as RoomEvent]);
    });
    return { events, stop };
  };
  const until = async (check: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('delivers a message sent to one instance on the other', async () => {
    const ana = await makeUser(one, 'ana');
    const room = await makeRoom(one, ana);
    const remote = eventsOn(two);
    try {
      const sent = await request(one.url)
        .post(`/api/rooms/${room.id}/messages`)
        .set('Authorization', ana.auth)
        .send({ content: 'across instances' })
        .expect(201);
      await until(() => remote.events.length > 0);
      expect(remote.events).toEqual([[room.id, { type: 'message', message: sent.body }]]);
    } finally {
      remote.stop();
    }
  });

  it('delivers socket frames sent on one instance to sockets on the other, typing included', async () => {
    const ana = await makeUser(one, 'ana2');
    const bob = await makeUser(two, 'bob2');
    const room = await makeRoom(one, ana);
    const anaSocket = await connect(one, room.id, ana.accessToken);
    const bobSocket = await connect(two, room.id, bob.accessToken);
    try {
      bobSocket.send({ type: 'typing', isTyping: true });
      expect((await anaSocket.next('typing')).user).toEqual({ id: bob.id, username: 'bob2' });
      bobSocket.send({ type: 'message', content: 'hello from two', clientId: 'x1' });
      const [onOne, onTwo] = await Promise.all([
        anaSocket.next('message'),
        bobSocket.next('message'),
      ]);
      expect(onOne.message).toEqual(onTwo.message);
      expect(onOne.message).toMatchObject({ seq: 1, content: 'hello from two', clientId: 'x1' });
    } finally {
      anaSocket.ws.close();
      bobSocket.ws.close();
    }
  });

  it('numbers concurrent sends through both instances 1..n without gaps or repeats', async () => {
    const ana = await makeUser(one, 'ann');
    const room = await makeRoom(one, ana);
    const bob = await makeUser(two, 'bob');
    await joinRoom(two, bob, room.id);
    const sends = Array.from({ length: 60 }, (_, i) =>
      request(i % 2 ? two.url : one.url)
        .post(`/api/rooms/${room.id}/messages`)
        .set('Authorization', (i % 2 ? bob : ana).auth)
        .send({ content: `m${i}` }),
    );
    const seqs = (await Promise.all(sends))
      .map((answer) => answer.body.seq as number)
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('ends a session on every instance when it logs out on one', async () => {
    const ana = await makeUser(one, 'anya');
    const ended: string[] = [];
    const stop = two.app.get(Broadcaster).onSessionEnded((sessionId) => ended.push(sessionId));
    try {
      await request(one.url)
        .post('/api/auth/logout')
        .send({ refreshToken: ana.refreshToken })
        .expect(204);
      await until(() => ended.length > 0);
      expect(ended).toHaveLength(1);
    } finally {
      stop();
    }
  });
});
