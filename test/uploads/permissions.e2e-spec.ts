import { jest } from '@jest/globals';

import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { connectOrStatus } from '../support/ws-client.js';
import { TimelineApi, timelineApi } from '../timeline/timeline-api.js';
import { createRoom, OpenSockets, roomsApi } from '../user-socket/user-socket.js';
import { pdf, png } from './fixtures.js';
import { UploadsApi, uploadsApi } from './uploads-api.js';

jest.setTimeout(30_000);

const UPLOAD_PATH = '/api/uploads/';

/** URLs are handed only to the uploader and to whoever may read the room. */
describe('who gets the URLs of attachments', () => {
  let app: TestApp;
  let uploads: UploadsApi;
  let api: TimelineApi;
  let ana: TestUser; // owner of the private room
  let bob: TestUser; // member
  let dora: TestUser; // never a member
  const sockets = new OpenSockets();

  beforeAll(async () => {
    app = await createApp({ UPLOAD_RATE: '100000/s burst 100000' });
    uploads = uploadsApi(app);
    api = timelineApi(app);
    [ana, bob, dora] = await Promise.all([makeUser(app), makeUser(app), makeUser(app)]);
  });

  afterEach(() => sockets.closeAll());

  afterAll(() => app.close());

  async function privateRoom(): Promise<number> {
    const roomId = await createRoom(app, ana, { private: true });
    await roomsApi(app).add(ana, roomId, bob.id).expect(200);
    return roomId;
  }

  it('the uploader gets the URLs in the upload answer', async () => {
    const answer = (await uploads.upload(ana, await png(40, 40)).expect(201)).body;
    expect(answer.url).toContain(UPLOAD_PATH);
    expect(answer.thumbnailUrl).toContain(UPLOAD_PATH);
  });

  it('a member gets them in history, GET /api/messages/{id} and live frames', async () => {
    const roomId = await privateRoom();
    const bobs = await sockets.user(app, bob);
    await bobs.subscribed(roomId);
    const document = (await uploads.upload(ana, pdf()).expect(201)).body;
    const message = (
      await api
        .send(ana, roomId, { content: 'for members', attachmentIds: [document.id] })
        .expect(201)
    ).body;
    expect((await bobs.nextIn('message', roomId)).message.attachments).toEqual([document]);
    expect((await api.get(bob, message.id).expect(200)).body.attachments).toEqual([document]);
    const page = (await api.history(bob, roomId).expect(200)).body;
    expect(page.messages[page.messages.length - 1].attachments).toEqual([document]);
    await uploads.get(document.url).expect(200);
  });

  it('a non-member never gets them: 404 history and message, no subscription, no frame', async () => {
    const roomId = await privateRoom();
    const doras = await sockets.user(app, dora);
    const subscribe = await doras.subscribe(roomId);
    expect(subscribe.type).toBe('error');
    const roomSocket = await connectOrStatus(app, roomId, dora.accessToken);
    if (typeof roomSocket !== 'number') sockets.track(roomSocket);
    expect(typeof roomSocket === 'number' ? roomSocket : 101).toBe(404);

    const picture = (await uploads.upload(ana, await png(40, 40)).expect(201)).body;
    const message = (
      await api.send(ana, roomId, { content: 'secret', attachmentIds: [picture.id] }).expect(201)
    ).body;

    const history = await api.history(dora, roomId);
    expect(history.status).toBe(404);
    expect(JSON.stringify(history.body)).not.toContain(UPLOAD_PATH);
    const single = await api.get(dora, message.id);
    expect(single.status).toBe(404);
    expect(JSON.stringify(single.body)).not.toContain(UPLOAD_PATH);
    const rooms = await api.rooms(dora).expect(200);
    expect(JSON.stringify(rooms.body)).not.toContain(UPLOAD_PATH);
    const pins = await api.pins(dora, roomId);
    expect(pins.status).toBe(404);

    await doras.sync();
    expect(JSON.stringify(doras.frames)).not.toContain(UPLOAD_PATH);
    // Nor can dora take the upload for a room of hers.
    const hers = await createRoom(app, dora);
    const taken = await api.send(dora, hers, { content: 'mine now', attachmentIds: [picture.id] });
    expect(taken.status).toBe(403);
    expect(JSON.stringify(taken.body)).not.toContain(UPLOAD_PATH);
  });

  it('a member who left no longer gets them (404 history)', async () => {
    const roomId = await privateRoom();
    const document = (await uploads.upload(ana, pdf('left.pdf')).expect(201)).body;
    const message = (
      await api
        .send(ana, roomId, { content: 'before leaving', attachmentIds: [document.id] })
        .expect(201)
    ).body;
    expect((await api.get(bob, message.id).expect(200)).body.attachments).toEqual([document]);
    await roomsApi(app).leave(bob, roomId).expect(204);
    const after = await api.get(bob, message.id);
    expect(after.status).toBe(404);
    expect(JSON.stringify(after.body)).not.toContain(UPLOAD_PATH);
  });
});
