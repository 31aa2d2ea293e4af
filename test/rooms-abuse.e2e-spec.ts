import request from 'supertest';

import { Room } from '../src/rooms/room.entity.js';
import { createApp, TestApp } from './support/create-app.js';
import { makeRoom, makeUser, TestUser } from './support/factories.js';

/** Names that impersonate, creation limits and a bounded room list (GET/POST /api/rooms). */
describe('rooms: names, limits and paging', () => {
  let app: TestApp;
  let ana: TestUser;

  beforeAll(async () => {
    app = await createApp();
    ana = await makeUser(app);
  });

  afterAll(() => app.close());

  const create = (body: object, user = ana, testApp = app) =>
    request(testApp.url).post('/api/rooms').set('Authorization', user.auth).send(body);
  const list = (query = '', user = ana) =>
    request(app.url).get(`/api/rooms${query}`).set('Authorization', user.auth);
  const roomCount = () => app.dataSource.getRepository(Room).count();

  describe('names', () => {
    it.each([
      ['a Cyrillic е for a Latin e', 'gеneral'],
      ['a digit 1 for an l', 'genera1'],
      ['fullwidth letters', 'ｇｅｎｅｒａｌ'],
      ['upper case Cyrillic look-alikes', 'GЕNЕRАL'],
    ])('refuses %s beside "general" with 409, naming the room', async (_, name) => {
      const before = await roomCount();
      const response = await create({ name }).expect(409);
      expect(response.body.message).toMatch(/general/);
      expect(await roomCount()).toBe(before);
    });

    it.each([
      ['a zero-width space', 'team\u200bchat'],
      ['a right-to-left override', '\u202egeneral'],
      ['a bidi isolate', 'ops\u2066x\u2069'],
      ['only zero-width spaces', '\u200b\u200b\u200b'],
      ['a NUL', 'nul\u0000room'],
      ['a Hangul filler (invisible letter)', '\u3164'],
      ['a newline', 'two\nlines'],
    ])('refuses a name with %s with 400 naming the field', async (_, name) => {
      const before = await roomCount();
      const response = await create({ name }).expect(400);
      expect(JSON.stringify(response.body.message)).toContain('name');
      expect(await roomCount()).toBe(before);
    });

    it('refuses a name of combining marks only', async () => {
      const response = await create({ name: '\u0301\u0301' }).expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(/name must contain a visible/);
    });

    it('stores names in NFKC form and keeps other scripts and emoji', async () => {
      expect((await create({ name: 'ﬁnance' }).expect(201)).body.name).toBe('finance');
      expect((await create({ name: '東京チーム' }).expect(201)).body.name).toBe('東京チーム');
      expect((await create({ name: 'Ⅻ ❤️ café' }).expect(201)).body.name).toBe('XII ❤️ café');
    });
  });

  describe('creation limits', () => {
    it('refuses rooms past ROOM_CREATION_RATE with 429 and Retry-After, per user', async () => {
      const limited = await createApp({ ROOM_CREATION_RATE: '2/h' });
      try {
        const [eve, zoe] = [await makeUser(limited), await makeUser(limited)];
        await create({ name: 'eve-1' }, eve, limited).expect(201);
        await create({ name: 'eve-2' }, eve, limited).expect(201);
        const refused = await create({ name: 'eve-3' }, eve, limited).expect(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
        await create({ name: 'zoe-1' }, zoe, limited).expect(201);
      } finally {
        await limited.close();
      }
    });

    it('holds MESSAGE_RATE for REST sends too (429 with Retry-After, nothing stored)', async () => {
      const limited = await createApp({ MESSAGE_RATE: '2/s burst 3' });
      try {
        const bob = await makeUser(limited);
        const room = await makeRoom(limited, bob);
        const send = (content: string) =>
          request(limited.url)
            .post(`/api/rooms/${room.id}/messages`)
            .set('Authorization', bob.auth)
            .send({ content });
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await send(`m${i}`)).status);
        expect(statuses).toEqual([201, 201, 201, 429, 429]);
        const refused = await send('again').expect(429);
        expect(refused.headers['retry-after']).toBe('1');
        const history = await request(limited.url)
          .get(`/api/rooms/${room.id}/messages`)
          .set('Authorization', bob.auth)
          .expect(200);
        expect(history.body.messages.map((m: { content: string }) => m.content)).toEqual([
          'm0',
          'm1',
          'm2',
        ]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('GET /api/rooms paging', () => {
    let bob: TestUser;

    beforeAll(async () => {
      bob = await makeUser(app);
      for (let i = 0; i < 7; i++) await makeRoom(app, bob, `page-${i}`);
    });

    const names = (response: request.Response) =>
      response.body.map((room: { name: string }) => room.name);

    it('answers at most limit rooms, with a Link to the next page', async () => {
      const first = await list('?limit=3', bob).expect(200);
      expect(first.body).toHaveLength(3);
      const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.link)?.[1];
      expect(next).toBe(`/api/rooms?limit=3&after=${encodeURIComponent(names(first)[2])}`);
    });

    it('walks every room once by following the links', async () => {
      const all = names(await list('', bob).expect(200));
      const walked: string[] = [];
      let path: string | undefined = '/api/rooms?limit=4';
      while (path) {
        const page: request.Response = await request(app.url)
          .get(path)
          .set('Authorization', bob.auth)
          .expect(200);
        walked.push(...names(page));
        path = /^<([^>]+)>/.exec(page.headers.link ?? '')?.[1];
      }
      expect(walked).toEqual(all);
    });

    it('filters joined and not joined rooms', async () => {
      const mine = names(await list('?joined=true', bob).expect(200));
      expect(mine).toEqual(
        ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6'].sort(),
      );
      const others = names(await list('?joined=false', bob).expect(200));
      expect(others).toContain('general');
      expect(others.filter((name: string) => mine.includes(name))).toEqual([]);
      expect((await list('?joined=true', bob).expect(200)).headers.link).toBeUndefined();
    });

    it.each(['?limit=0', '?limit=501', '?limit=x', '?joined=yes', `?after=${'a'.repeat(65)}`])(
      'refuses %s with 400',
      async (query) => {
        await list(query).expect(400);
      },
    );
  });
});
