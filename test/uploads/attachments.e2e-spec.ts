import { existsSync } from 'node:fs';

import { jest } from '@jest/globals';

import { AppConfig } from '../../src/config/app-config.js';
import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect } from '../support/ws-client.js';
import { TimelineApi, timelineApi } from '../timeline/timeline-api.js';
import { OpenSockets, until } from '../user-socket/user-socket.js';
import { Fixture, oggOpus, pdf, png, text } from './fixtures.js';
import {
  messageOf,
  sha256,
  storedPath,
  UploadsApi,
  uploadsApi,
  voiceFields,
} from './uploads-api.js';

jest.setTimeout(30_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Attachment = Record<string, any>;

/** attachmentIds on messages: REST and both sockets, where attachments show, and refusals. */
describe('messages with attachments', () => {
  let app: TestApp;
  let uploads: UploadsApi;
  let api: TimelineApi;
  let uploadDir: string;
  let ana: TestUser;
  let bob: TestUser;
  let carl: TestUser;
  const sockets = new OpenSockets();
  let counter = 0;

  beforeAll(async () => {
    app = await createApp({
      UPLOAD_RATE: '100000/s burst 100000',
      MESSAGE_RATE: '100000/s burst 100000',
      WS_FRAME_RATE: '100000/s burst 100000',
    });
    uploads = uploadsApi(app);
    api = timelineApi(app);
    uploadDir = app.app.get(AppConfig).uploadDir;
    [ana, bob, carl] = await Promise.all([makeUser(app), makeUser(app), makeUser(app)]);
  });

  afterEach(() => sockets.closeAll());

  afterAll(() => app.close());

  /** A public room of ana's that bob and carl joined. */
  async function room(): Promise<number> {
    const { id } = await makeRoom(app, ana);
    await Promise.all([joinRoom(app, bob, id), joinRoom(app, carl, id)]);
    return id;
  }

  async function upload(user: TestUser, file?: Fixture): Promise<Attachment> {
    const made = file ?? pdf(`doc-${++counter}.pdf`, `doc ${counter}`);
    return (await uploads.upload(user, made).expect(201)).body;
  }

  describe('POST /api/rooms/{id}/messages with attachmentIds', () => {
    it('answers the attachments in the order given, everywhere the message shows', async () => {
      const roomId = await room();
      const watcher = await sockets.room(app, roomId, carl);
      const userSocket = await sockets.user(app, carl);
      await userSocket.subscribed(roomId);
      const picture = await upload(bob, await png(300, 200));
      const document = await upload(bob);
      const voice = (
        await uploads.upload(bob, oggOpus(), { before: voiceFields(1200, [3, 9, 27]) }).expect(201)
      ).body;
      const order = [document, picture, voice];

      const sent = await api.send(bob, roomId, {
        content: 'three things',
        attachmentIds: order.map((attachment) => attachment.id),
      });
      expect(sent.status).toBe(201);
      const message = sent.body;
      expect(message.content).toBe('three things');
      expect(message.attachments).toEqual(order);

      // The live frame on the room socket and on the per-user socket.
      expect((await watcher.next('message')).message).toEqual(message);
      expect((await userSocket.nextIn('message', roomId)).message).toEqual(message);
      // GET /api/messages/{id} and history, for the author and for another member.
      for (const reader of [bob, carl, ana]) {
        expect((await api.get(reader, message.id).expect(200)).body.attachments).toEqual(order);
        const page = (await api.history(reader, roomId).expect(200)).body;
        expect(page.messages.find((m: { id: number }) => m.id === message.id).attachments).toEqual(
          order,
        );
      }
      // Replay by since.
      const resumed = await connect(app, roomId, carl.accessToken, { since: message.seq - 1 });
      sockets.track(resumed);
      expect((await resumed.next('message')).message.attachments).toEqual(order);
      // Pins.
      await api.pin(ana, message.id).expect(200);
      const pins = (await api.pins(carl, roomId).expect(200)).body;
      const pinned = (Array.isArray(pins) ? pins : pins.messages) as { id: number }[];
      expect(pinned.find((m) => m.id === message.id)).toMatchObject({ attachments: order });
      // Each URL a member got is served.
      for (const attachment of order) await uploads.get(attachment.url).expect(200);
    });

    it("room.activity's lastMessage carries the attachments", async () => {
      const roomId = await room();
      const watching = await sockets.user(app, carl); // joined, not subscribed
      const document = await upload(bob);
      const message = (
        await api.send(bob, roomId, { content: '', attachmentIds: [document.id] }).expect(201)
      ).body;
      await until(
        () =>
          watching.frames.some(
            (frame) =>
              frame.type === 'room.activity' &&
              frame.roomId === roomId &&
              frame.lastMessage?.id === message.id,
          ),
        'a room.activity with the message',
        8000,
      );
      const activity = watching.frames.find(
        (frame) => frame.type === 'room.activity' && frame.lastMessage?.id === message.id,
      )!;
      expect(activity.lastMessage.attachments).toEqual([document]);
    });

    it('takes content "" with attachments, refuses it without (400 naming content)', async () => {
      const roomId = await room();
      const document = await upload(bob);
      const sent = await api.send(bob, roomId, { content: '', attachmentIds: [document.id] });
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({ content: '', attachments: [document] });
      const without = await api.send(bob, roomId, { content: '' });
      expect(without.status).toBe(400);
      expect(messageOf(without)).toContain('content');
      const emptyList = await api.send(bob, roomId, { content: '', attachmentIds: [] });
      expect(emptyList.status).toBe(400);
      // A message without attachments answers attachments: [] as before.
      const plain = (await api.send(bob, roomId, 'plain').expect(201)).body;
      expect(plain.attachments).toEqual([]);
    });

    it('409 for an upload already attached, in the same room or another; nothing stored', async () => {
      const [one, two] = [await room(), await room()];
      const document = await upload(bob);
      const first = (
        await api.send(bob, one, { content: 'first', attachmentIds: [document.id] }).expect(201)
      ).body;
      const fresh = await upload(bob);
      for (const roomId of [one, two]) {
        const again = await api.send(bob, roomId, {
          content: 'again',
          attachmentIds: [fresh.id, document.id],
        });
        expect([roomId, again.status]).toEqual([roomId, 409]);
      }
      // The first message keeps its attachment; the fresh upload was not taken.
      expect((await api.get(bob, first.id).expect(200)).body.attachments).toEqual([document]);
      for (const roomId of [one, two]) {
        const texts = (await api.history(bob, roomId).expect(200)).body.messages.map(
          (m: { content: string }) => m.content,
        );
        expect(texts).not.toContain('again');
      }
      await api.send(bob, two, { content: 'fresh', attachmentIds: [fresh.id] }).expect(201);
    });

    it("403 for someone else's upload; the caller's own upload in the list stays free", async () => {
      const roomId = await room();
      const anas = await upload(ana);
      const bobs = await upload(bob);
      const refused = await api.send(bob, roomId, {
        content: 'not mine',
        attachmentIds: [bobs.id, anas.id],
      });
      expect(refused.status).toBe(403);
      // Both can still be attached by their uploaders.
      await api.send(bob, roomId, { content: 'mine', attachmentIds: [bobs.id] }).expect(201);
      await api.send(ana, roomId, { content: 'hers', attachmentIds: [anas.id] }).expect(201);
    });

    it('400 "attachmentIds: upload N not found" for an unknown id', async () => {
      const roomId = await room();
      const mine = await upload(bob);
      const refused = await api.send(bob, roomId, {
        content: 'ghost',
        attachmentIds: [mine.id, 987654],
      });
      expect(refused.status).toBe(400);
      expect(messageOf(refused)).toContain('attachmentIds: upload 987654 not found');
      await api.send(bob, roomId, { content: 'real', attachmentIds: [mine.id] }).expect(201);
    });

    it('400 naming attachmentIds for 11 ids, duplicates, bad ids, a non-array', async () => {
      const roomId = await room();
      const eleven: Attachment[] = [];
      for (let index = 0; index < 11; index++) {
        eleven.push(await upload(bob, text(`t${index}.txt`)));
      }
      const ids = eleven.map((attachment) => attachment.id);
      const bad: unknown[] = [
        ids,
        [ids[0], ids[0]],
        [0],
        [-1],
        [1.5],
        ['1'],
        [null],
        ids[0],
        'x',
        {},
      ];
      for (const attachmentIds of bad) {
        const refused = await api.send(bob, roomId, { content: 'bad', attachmentIds });
        expect([attachmentIds, refused.status]).toEqual([attachmentIds, 400]);
        expect(messageOf(refused)).toContain('attachmentIds');
      }
      // Ten are fine, and keep their order.
      const ten = ids.slice(0, 10).reverse();
      const sent = await api.send(bob, roomId, { content: 'ten', attachmentIds: ten }).expect(201);
      expect(sent.body.attachments.map((a: Attachment) => a.id)).toEqual(ten);
    });
  });

  describe('races and other rooms', () => {
    it('one upload sent in two rooms at once: one 201, one 409, attached once', async () => {
      const [one, two] = [await room(), await room()];
      for (let round = 0; round < 5; round++) {
        const document = await upload(bob);
        const answers = await Promise.all(
          [one, two].map((roomId) =>
            api.send(bob, roomId, { content: `race ${round}`, attachmentIds: [document.id] }),
          ),
        );
        const statuses = answers.map((answer) => answer.status).sort();
        expect([round, statuses]).toEqual([round, [201, 409]]);
        const winner = answers.find((answer) => answer.status === 201)!.body;
        expect(winner.attachments).toEqual([document]);
      }
    });

    it('one upload in two messages of the same room at once: one 201, one 409', async () => {
      const roomId = await room();
      const document = await upload(bob);
      const answers = await Promise.all(
        ['a', 'b'].map((content) =>
          api.send(bob, roomId, { content, attachmentIds: [document.id] }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    });

    it('a room the sender may not post in refuses the message; the upload stays free', async () => {
      const roomId = await room();
      const elsewhere = (await makeRoom(app, ana)).id; // bob is not a member
      const document = await upload(bob);
      const refused = await api.send(bob, elsewhere, {
        content: 'not here',
        attachmentIds: [document.id],
      });
      expect([403, 404]).toContain(refused.status);
      await api.send(bob, roomId, { content: 'here', attachmentIds: [document.id] }).expect(201);
    });

    it('an edit keeps the attachments', async () => {
      const roomId = await room();
      const document = await upload(bob);
      const message = (
        await api.send(bob, roomId, { content: 'typo', attachmentIds: [document.id] }).expect(201)
      ).body;
      const edited = (await api.edit(bob, message.id, 'fixed').expect(200)).body;
      expect(edited.attachments).toEqual([document]);
      expect((await api.get(carl, message.id).expect(200)).body.attachments).toEqual([document]);
    });
  });

  describe('over the sockets', () => {
    it('the room socket takes attachmentIds (content "" allowed)', async () => {
      const roomId = await room();
      const document = await upload(bob);
      const socket = await sockets.room(app, roomId, bob);
      const watcher = await sockets.room(app, roomId, carl);
      socket.send({ type: 'message', content: '', clientId: 'a-1', attachmentIds: [document.id] });
      const echo = await socket.next('message');
      expect(echo.message).toMatchObject({ clientId: 'a-1', content: '', attachments: [document] });
      expect((await watcher.next('message')).message).toEqual(echo.message);
    });

    it('the per-user socket takes attachmentIds', async () => {
      const roomId = await room();
      const document = await upload(bob);
      const socket = await sockets.user(app, bob);
      await socket.subscribed(roomId);
      socket.send({
        type: 'message',
        roomId,
        content: 'via user socket',
        clientId: 'u-1',
        attachmentIds: [document.id],
      });
      const echo = await socket.nextIn('message', roomId);
      expect(echo.message.attachments).toEqual([document]);
    });

    it('refuses with error frames: forbidden (403), invalid (409, unknown, empty content)', async () => {
      const roomId = await room();
      const anas = await upload(ana);
      const used = await upload(bob);
      await api.send(bob, roomId, { content: 'x', attachmentIds: [used.id] }).expect(201);
      const socket = await sockets.room(app, roomId, bob);
      const cases: [object, string][] = [
        [{ attachmentIds: [anas.id], clientId: 'e-1' }, 'forbidden'],
        [{ attachmentIds: [used.id], clientId: 'e-2' }, 'invalid'],
        [{ attachmentIds: [987654], clientId: 'e-3' }, 'invalid'],
        [{ attachmentIds: [], clientId: 'e-4' }, 'invalid'],
      ];
      for (const [frame, code] of cases) {
        socket.send({ type: 'message', content: '', ...frame });
        const error = await socket.next('error');
        expect(error).toMatchObject({ code, clientId: (frame as { clientId: string }).clientId });
      }
      const userSocket = await sockets.user(app, bob);
      await userSocket.subscribed(roomId);
      userSocket.send({
        type: 'message',
        roomId,
        content: 'x',
        clientId: 'e-5',
        attachmentIds: [anas.id],
      });
      expect(await userSocket.nextError()).toMatchObject({
        code: 'forbidden',
        roomId,
        clientId: 'e-5',
      });
      await socket.sync();
      expect(socket.untaken('message')).toEqual([]);
    });
  });

  describe('deleting a message', () => {
    it('leaves a tombstone with attachments [] and removes its files (the URLs 404)', async () => {
      const roomId = await room();
      const watcher = await sockets.room(app, roomId, carl);
      const picture = await upload(bob, await png(90, 60, `gone-${Date.now()}.png`));
      const thumbnailBytes = (await uploads.get(picture.thumbnailUrl).expect(200)).body as Buffer;
      const thumbnailPath = storedPath(uploadDir, sha256(thumbnailBytes));
      expect(existsSync(thumbnailPath)).toBe(true);
      const document = await upload(bob, pdf('gone.pdf', `gone ${Date.now()}`));
      const bytes = (await uploads.get(document.url).expect(200)).body as Buffer;
      const path = storedPath(uploadDir, sha256(bytes));
      expect(existsSync(path)).toBe(true);
      const message = (
        await api
          .send(bob, roomId, { content: 'soon gone', attachmentIds: [picture.id, document.id] })
          .expect(201)
      ).body;
      await watcher.next('message');

      await api.remove(bob, message.id).expect(204);
      await watcher.next('message.deleted');
      const tombstone = (await api.get(carl, message.id).expect(200)).body;
      expect(tombstone).toMatchObject({ content: '', attachments: [] });
      expect(tombstone.deletedAt).not.toBeNull();
      const page = (await api.history(carl, roomId).expect(200)).body;
      expect(page.messages.find((m: { id: number }) => m.id === message.id).attachments).toEqual(
        [],
      );
      // Replayed as deleted, with no attachment either.
      const resumed = await connect(app, roomId, carl.accessToken, { since: message.seq - 1 });
      sockets.track(resumed);
      await resumed.sync();
      for (const frame of resumed.frames.filter((f) => f.type === 'message')) {
        expect(frame.message.attachments).toEqual([]);
      }

      await until(() => !existsSync(path), `the file ${path} to be removed`, 3000);
      await until(() => !existsSync(thumbnailPath), `the thumbnail to be removed`, 3000);
      await uploads.get(document.url).expect(404);
      await uploads.get(picture.url).expect(404);
      await uploads.get(picture.thumbnailUrl).expect(404);
      // The server keeps serving.
      const another = await upload(bob);
      await uploads.get(another.url).expect(200);
    });
  });
});
