import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { jest } from '@jest/globals';

import { AppConfig } from '../../src/config/app-config.js';
import { Upload } from '../../src/uploads/upload.entity.js';
import { UploadJanitor } from '../../src/uploads/upload-janitor.js';
import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { TimelineApi, timelineApi } from '../timeline/timeline-api.js';
import { until } from '../user-socket/user-socket.js';
import { Fixture, pdf, png } from './fixtures.js';
import { messageOf, sha256, storedPath, UploadsApi, uploadsApi } from './uploads-api.js';

jest.setTimeout(30_000);

const HOUR_MS = 3_600_000;

/** What is removed, when: orphans after 24 h, temporary files after 1 h, deleted messages' files. */
describe('upload clean-up', () => {
  let app: TestApp;
  let uploads: UploadsApi;
  let api: TimelineApi;
  let uploadDir: string;
  let janitor: UploadJanitor;
  let ana: TestUser;
  let bob: TestUser;
  let roomId: number;
  let counter = 0;

  beforeAll(async () => {
    app = await createApp({ UPLOAD_RATE: '100000/s burst 100000' });
    uploads = uploadsApi(app);
    api = timelineApi(app);
    uploadDir = app.app.get(AppConfig).uploadDir;
    janitor = app.app.get(UploadJanitor);
    [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
    roomId = (await makeRoom(app, ana)).id;
    await joinRoom(app, bob, roomId);
  });

  afterAll(() => app.close());

  const unique = () => pdf(`file-${++counter}.pdf`, `unique ${counter} ${Date.now()}`);

  /** Uploads a file: its answer and where its bytes are stored. */
  async function upload(user: TestUser, file: Fixture = unique()) {
    const attachment = (await uploads.upload(user, file).expect(201)).body;
    const bytes = (await uploads.get(attachment.url).expect(200)).body as Buffer;
    return { attachment, path: storedPath(uploadDir, sha256(bytes)) };
  }

  const row = (id: number) => app.dataSource.getRepository(Upload).findOneBy({ id });

  it('sweeps an orphan older than 24 h (row, file, URL), keeps a fresh one and an attached one', async () => {
    const orphan = await upload(bob);
    const attached = await upload(bob);
    const picture = await upload(bob, await png(80, 60, `orphan-${Date.now()}.png`));
    const thumbnailBytes = (await uploads.get(picture.attachment.thumbnailUrl).expect(200))
      .body as Buffer;
    const thumbnailPath = storedPath(uploadDir, sha256(thumbnailBytes));
    expect(existsSync(thumbnailPath)).toBe(true);
    await api
      .send(bob, roomId, { content: 'kept', attachmentIds: [attached.attachment.id] })
      .expect(201);
    expect(existsSync(orphan.path)).toBe(true);

    // 23 h from now: everything is younger than a day.
    await janitor.sweep(new Date(Date.now() + 23 * HOUR_MS));
    expect(await row(orphan.attachment.id)).not.toBeNull();
    expect(existsSync(orphan.path)).toBe(true);
    await uploads.get(orphan.attachment.url).expect(200);

    // 25 h from now: the orphans go, the attached one stays.
    const swept = await janitor.sweep(new Date(Date.now() + 25 * HOUR_MS));
    expect(swept.uploads).toBeGreaterThanOrEqual(2);
    expect(await row(orphan.attachment.id)).toBeNull();
    expect(await row(picture.attachment.id)).toBeNull();
    expect(existsSync(orphan.path)).toBe(false);
    expect(existsSync(picture.path)).toBe(false);
    expect(existsSync(thumbnailPath)).toBe(false);
    await uploads.get(orphan.attachment.url).expect(404);
    await uploads.get(picture.attachment.url).expect(404);
    await uploads.get(picture.attachment.thumbnailUrl).expect(404);
    const late = await api.send(bob, roomId, {
      content: 'too late',
      attachmentIds: [orphan.attachment.id],
    });
    expect(late.status).toBe(400);
    expect(messageOf(late)).toContain(`upload ${orphan.attachment.id} not found`);

    expect(await row(attached.attachment.id)).not.toBeNull();
    expect(existsSync(attached.path)).toBe(true);
    await uploads.get(attached.attachment.url).expect(200);
  });

  it('keeps the file of a swept orphan that shares its bytes with an attached upload', async () => {
    const file = unique();
    const attached = await upload(bob, file);
    const orphan = await upload(ana, { ...file, name: 'copy.pdf' });
    expect(orphan.path).toBe(attached.path);
    await api
      .send(bob, roomId, { content: 'shared', attachmentIds: [attached.attachment.id] })
      .expect(201);
    await janitor.sweep(new Date(Date.now() + 25 * HOUR_MS));
    expect(await row(orphan.attachment.id)).toBeNull();
    await uploads.get(orphan.attachment.url).expect(404);
    expect(existsSync(attached.path)).toBe(true);
    await uploads.get(attached.attachment.url).expect(200);
  });

  it('sweeps temporary files older than an hour, keeps newer ones', async () => {
    const tmp = join(uploadDir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const old = join(tmp, 'left-by-a-crash');
    const recent = join(tmp, 'being-received');
    writeFileSync(old, 'partial');
    writeFileSync(recent, 'partial');
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR_MS);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    await janitor.sweep();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });

  it('two uploads of the same bytes share the file; deleting one message keeps the other', async () => {
    const file = unique();
    const first = await upload(bob, file);
    const second = await upload(bob, { ...file, name: 'same-again.pdf' });
    expect(second.attachment.id).not.toBe(first.attachment.id);
    expect(second.path).toBe(first.path);
    const one = (
      await api
        .send(bob, roomId, { content: 'one', attachmentIds: [first.attachment.id] })
        .expect(201)
    ).body;
    const two = (
      await api
        .send(bob, roomId, { content: 'two', attachmentIds: [second.attachment.id] })
        .expect(201)
    ).body;

    await api.remove(bob, one.id).expect(204);
    // Files are removed right after the commit: give that a moment to (wrongly) happen.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await row(first.attachment.id)).toBeNull();
    await uploads.get(first.attachment.url).expect(404);
    expect(existsSync(second.path)).toBe(true);
    const served = await uploads.get(second.attachment.url).expect(200);
    expect(served.headers['content-disposition']).toContain('same-again.pdf');

    await api.remove(bob, two.id).expect(204);
    await until(() => !existsSync(second.path), `${second.path} to be removed`, 3000);
    await uploads.get(second.attachment.url).expect(404);
  });

  it('two uploads of the same image: deleting one message keeps the other image and thumbnail', async () => {
    const file = await png(120, 90, `twin-${Date.now()}.png`);
    const first = await upload(bob, file);
    const second = await upload(bob, file);
    const one = (
      await api
        .send(bob, roomId, { content: 'img one', attachmentIds: [first.attachment.id] })
        .expect(201)
    ).body;
    await api
      .send(bob, roomId, { content: 'img two', attachmentIds: [second.attachment.id] })
      .expect(201);
    await api.remove(bob, one.id).expect(204);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await uploads.get(first.attachment.url).expect(404);
    await uploads.get(second.attachment.url).expect(200);
    await uploads.get(second.attachment.thumbnailUrl).expect(200);
    expect(existsSync(second.path)).toBe(true);
  });

  it('an upload of the same bytes while a message holding them is deleted keeps its file', async () => {
    for (let round = 0; round < 5; round++) {
      const file = unique();
      const held = await upload(bob, file);
      const message = (
        await api
          .send(bob, roomId, { content: `held ${round}`, attachmentIds: [held.attachment.id] })
          .expect(201)
      ).body;
      const [removed, again] = await Promise.all([
        api.remove(bob, message.id),
        uploads.upload(ana, { ...file, name: `again-${round}.pdf` }),
      ]);
      expect([round, removed.status, again.status]).toEqual([round, 204, 201]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const served = await uploads.get(again.body.url);
      expect([round, served.status]).toEqual([round, 200]);
      expect(existsSync(held.path)).toBe(true);
    }
  });
});
