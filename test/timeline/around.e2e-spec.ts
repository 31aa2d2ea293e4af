import { jest } from '@jest/globals';
import request from 'supertest';

import type { TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { createTimelineApp, range, TimelineApi, timelineApi } from './timeline-api.js';

jest.setTimeout(30_000);

describe('GET /api/rooms/{id}/messages?around=SEQ', () => {
  let app: TestApp;
  let api: TimelineApi;
  let ana: TestUser;
  let bob: TestUser;
  /** 30 messages, seq 1..30, nothing else. */
  let plain: number;
  /**
   * Messages and other events: m(1) m(2) m(3) reaction(4) m(5) edit(6) m(7) m(8)
   * pin(9) m(10), where the message of seq 7 is deleted (the deletion is seq 11).
   */
  let mixed: number;

  beforeAll(async () => {
    app = await createTimelineApp();
    api = timelineApi(app);
    [ana, bob] = await Promise.all([makeUser(app, 'ana'), makeUser(app, 'bob')]);
    plain = (await makeRoom(app, ana)).id;
    await joinRoom(app, bob, plain);
    for (let seq = 1; seq <= 30; seq++) {
      await api.send(seq % 2 ? ana : bob, plain, `plain ${seq}`).expect(201);
    }

    mixed = (await makeRoom(app, ana)).id;
    const ids: Record<number, number> = {};
    const send = async (seq: number) => {
      const body = (await api.send(ana, mixed, `mixed ${seq}`).expect(201)).body;
      expect(body.seq).toBe(seq);
      ids[seq] = body.id;
    };
    await send(1);
    await send(2);
    await send(3);
    await api.react(ana, ids[1], '👍').expect(200);
    await send(5);
    await api.edit(ana, ids[2], 'mixed 2, edited').expect(200);
    await send(7);
    await send(8);
    await api.pin(ana, ids[3]).expect(200);
    await send(10);
    await api.remove(ana, ids[7]).expect(204);
    const last = (await api.send(ana, mixed, 'mixed 12').expect(201)).body;
    expect(last.seq).toBe(12); // every event took a seq
  });

  afterAll(() => app.close());

  const around = (roomId: number | string, query: string) => api.history(ana, roomId, `?${query}`);
  const seqsOf = (body: { messages: { seq: number }[] }) =>
    body.messages.map((message) => message.seq);

  it('centres on SEQ: about half before it, the rest after, hasMore on both sides', async () => {
    const body = (await around(plain, 'around=15&limit=10').expect(200)).body;
    expect(Object.keys(body).sort()).toEqual(['hasMoreAfter', 'hasMoreBefore', 'messages']);
    const seqs = seqsOf(body);
    expect(seqs).toHaveLength(10);
    expect(seqs).toContain(15);
    expect(seqs).toEqual(range(seqs[0], seqs[0] + 9)); // contiguous, ascending
    const before = seqs.filter((seq) => seq < 15).length;
    expect(before).toBeGreaterThanOrEqual(4);
    expect(before).toBeLessThanOrEqual(5);
    expect(body.hasMoreBefore).toBe(true);
    expect(body.hasMoreAfter).toBe(true);
    expect(body.messages.find((m: { seq: number }) => m.seq === 15).content).toBe('plain 15');
  });

  it('answers the whole room when the limit covers it, with no more either side', async () => {
    const body = (await around(plain, 'around=15').expect(200)).body; // default limit 50
    expect(seqsOf(body)).toEqual(range(1, 30));
    expect(body.hasMoreBefore).toBe(false);
    expect(body.hasMoreAfter).toBe(false);
  });

  it('answers fewer near the start: from seq 1, nothing more before', async () => {
    const body = (await around(plain, 'around=2&limit=10').expect(200)).body;
    const seqs = seqsOf(body);
    expect(seqs[0]).toBe(1);
    expect(seqs).toContain(2);
    expect(seqs).toEqual(range(1, seqs.length));
    expect(seqs.length).toBeLessThanOrEqual(10);
    expect(seqs.length).toBeGreaterThanOrEqual(6); // the half after SEQ is there
    expect(body.hasMoreBefore).toBe(false);
    expect(body.hasMoreAfter).toBe(true);
  });

  it('answers fewer near the end: up to the last message, nothing more after', async () => {
    for (const seq of [30, 500]) {
      const body = (await around(plain, `around=${seq}&limit=10`).expect(200)).body;
      const seqs = seqsOf(body);
      expect(seqs.at(-1)).toBe(30);
      expect(seqs).toEqual(range(seqs[0], 30));
      expect(seqs.length).toBeLessThanOrEqual(10);
      expect(seqs.length).toBeGreaterThanOrEqual(5); // the half before SEQ is there
      expect(body.hasMoreBefore).toBe(true);
      expect(body.hasMoreAfter).toBe(false);
    }
  });

  it('with limit=1 answers exactly the message at SEQ', async () => {
    const body = (await around(plain, 'around=20&limit=1').expect(200)).body;
    expect(seqsOf(body)).toEqual([20]);
    expect(body.hasMoreBefore).toBe(true);
    expect(body.hasMoreAfter).toBe(true);
    const first = (await around(plain, 'around=1&limit=1').expect(200)).body;
    expect(first).toMatchObject({ hasMoreBefore: false, hasMoreAfter: true });
    expect(seqsOf(first)).toEqual([1]);
  });

  it('centres on the message just before SEQ when SEQ is another event', async () => {
    // seq 4 is a reaction, 6 an edit, 9 a pin, 11 a deletion: the message before each.
    for (const [seq, centre] of [
      [4, 3],
      [6, 5],
      [9, 8],
      [11, 10],
    ]) {
      const body = (await around(mixed, `around=${seq}&limit=1`).expect(200)).body;
      expect([seq, seqsOf(body)]).toEqual([seq, [centre]]);
    }
  });

  it('shows messages as they are now: edited text, reactions, pins and tombstones', async () => {
    const body = (await around(mixed, 'around=7&limit=100').expect(200)).body;
    expect(seqsOf(body)).toEqual([1, 2, 3, 5, 7, 8, 10, 12]);
    const at = (seq: number) => body.messages.find((m: { seq: number }) => m.seq === seq);
    expect(at(1).reactions).toEqual([{ emoji: '👍', count: 1, me: true }]);
    expect(at(2).content).toBe('mixed 2, edited');
    expect(at(2).editedAt).not.toBeNull();
    expect(at(3).pinned).toBe(true);
    expect(at(7)).toMatchObject({ content: '', deletedAt: expect.any(String) });
    expect(body).toMatchObject({ hasMoreBefore: false, hasMoreAfter: false });
    // A deleted message can still be the centre (a reply or a pin may point at it).
    const centred = (await around(mixed, 'around=7&limit=3').expect(200)).body;
    expect(seqsOf(centred)).toContain(7);
    expect(seqsOf(centred)).toHaveLength(3);
  });

  it('pages before/after across the seqs of other events, counting messages only', async () => {
    // Messages of `mixed`: 1 2 3 5 7(deleted) 8 10 12.
    const newest = (await api.history(ana, mixed, '?limit=3').expect(200)).body;
    expect([seqsOf(newest), newest.hasMore]).toEqual([[8, 10, 12], true]);
    const older = (await api.history(ana, mixed, '?before=8&limit=3').expect(200)).body;
    expect([seqsOf(older), older.hasMore]).toEqual([[3, 5, 7], true]);
    const after = (await api.history(ana, mixed, '?after=3&limit=2').expect(200)).body;
    expect([seqsOf(after), after.hasMore]).toEqual([[5, 7], true]);
    const fromEvent = (await api.history(ana, mixed, '?after=4&limit=1').expect(200)).body;
    expect(seqsOf(fromEvent)).toEqual([5]);
    const last = (await api.history(ana, mixed, '?after=10').expect(200)).body;
    expect([seqsOf(last), last.hasMore]).toEqual([[12], false]);
  });

  it.each([
    'around=5&before=10',
    'around=5&after=1',
    'around=5&before=10&after=1',
    'around=abc',
    'around=-1',
    'around=1.5',
    'around=5&limit=0',
    'around=5&limit=101',
    'around=5&limit=x',
  ])('refuses ?%s with 400', async (query) => {
    const answer = await around(plain, query).expect(400);
    expect(answer.body.statusCode).toBe(400);
  });

  it('answers 404 for an unknown room, 400 for a bad room id, 401 without a token', async () => {
    await around(999999, 'around=1').expect(404);
    await around('abc', 'around=1').expect(400);
    await request(app.url).get(`/api/rooms/${plain}/messages?around=1`).expect(401);
  });

  it('answers an empty page for an empty room', async () => {
    const room = await makeRoom(app, ana);
    expect((await around(room.id, 'around=1&limit=10').expect(200)).body).toEqual({
      messages: [],
      hasMoreBefore: false,
      hasMoreAfter: false,
    });
  });
});
