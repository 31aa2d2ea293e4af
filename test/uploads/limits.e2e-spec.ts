import http from 'node:http';

import { jest } from '@jest/globals';
import request from 'supertest';

import { AppConfig } from '../../src/config/app-config.js';
import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { pdf, randomFile } from './fixtures.js';
import { eventually, filesIn, streamUpload, uploadsApi } from './uploads-api.js';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;

describe('POST /api/uploads: UPLOAD_MAX_BYTES', () => {
  let app: TestApp;
  let uploadDir: string;
  let ana: TestUser;

  beforeAll(async () => {
    app = await createApp({ UPLOAD_MAX_BYTES: String(MiB), UPLOAD_RATE: '100000/s' });
    uploadDir = app.app.get(AppConfig).uploadDir;
    ana = await makeUser(app);
  });

  afterAll(() => app.close());

  it('413 naming the limit while a 3 MiB body streams in; no partial file is left', async () => {
    const before = filesIn(uploadDir);
    const answer = await streamUpload(app, ana, 3 * MiB);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      statusCode: 413,
      message: `File is larger than UPLOAD_MAX_BYTES (${MiB} bytes)`,
    });
    // Nothing under UPLOAD_DIR (tmp included) but what was there before.
    await eventually(() => filesIn(uploadDir).join() === before.join());
    expect(filesIn(uploadDir)).toEqual(before);
    // The server keeps serving, and still takes a file under the limit.
    const api = uploadsApi(app);
    const small = await api.upload(ana, pdf()).expect(201);
    await api.get(small.body.url).expect(200);
  });

  it('413 for a chunked body (no Content-Length) as it passes the limit; no partial file', async () => {
    const before = filesIn(uploadDir);
    const answer = await streamUpload(app, ana, 3 * MiB, { chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ statusCode: 413 });
    await eventually(() => filesIn(uploadDir).join() === before.join());
    expect(filesIn(uploadDir)).toEqual(before);
    await uploadsApi(app).upload(ana, pdf()).expect(201);
  });

  it('413 answered before the whole body is sent (it does not read 20 MiB first)', async () => {
    const before = filesIn(uploadDir);
    const answer = await streamUpload(app, ana, 20 * MiB);
    expect(answer.status).toBe(413);
    expect(answer.written).toBeLessThan(20 * MiB);
    await eventually(() => filesIn(uploadDir).join() === before.join());
    expect(filesIn(uploadDir)).toEqual(before);
  });

  it('takes a file of exactly UPLOAD_MAX_BYTES and refuses one byte more', async () => {
    const api = uploadsApi(app);
    const exact = randomFile(MiB, 'exact.bin');
    const taken = await api.upload(ana, exact).expect(201);
    expect(taken.body).toMatchObject({ kind: 'file', size: MiB });
    const served = await api.get(taken.body.url).expect(200);
    expect((served.body as Buffer).equals(exact.buffer)).toBe(true);

    const before = filesIn(uploadDir);
    const over = await api.upload(ana, randomFile(MiB + 1, 'over.bin'));
    expect(over.status).toBe(413);
    await eventually(() => filesIn(uploadDir).join() === before.join());
    expect(filesIn(uploadDir)).toEqual(before);
  });
});

describe('POST /api/uploads: interrupted and malformed requests', () => {
  let app: TestApp;
  let uploadDir: string;
  let ana: TestUser;

  beforeAll(async () => {
    app = await createApp({ UPLOAD_RATE: '100000/s' });
    uploadDir = app.app.get(AppConfig).uploadDir;
    ana = await makeUser(app);
  });

  afterAll(() => app.close());

  it('a client that disconnects mid-upload leaves no partial file', async () => {
    const before = filesIn(uploadDir);
    const boundary = '----interrupted';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const upload = http.request(new URL('/api/uploads', app.url), {
      method: 'POST',
      headers: {
        Authorization: ana.auth,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(head.length + 4 * MiB),
      },
    });
    upload.on('error', () => undefined);
    upload.write(head);
    upload.write(Buffer.alloc(512 * 1024, 1));
    // Let the server start writing its temporary file, then hang up.
    const started = await eventually(() => filesIn(uploadDir).length > before.length, 3000);
    upload.destroy();
    expect(started).toBe(true);
    const cleaned = await eventually(() => filesIn(uploadDir).join() === before.join(), 5000);
    expect([cleaned, filesIn(uploadDir)]).toEqual([true, before]);
    // And the server takes the next upload.
    await uploadsApi(app).upload(ana, pdf()).expect(201);
  });

  it('a body that is not multipart answers 400, not a 500', async () => {
    const json = await request(app.url)
      .post('/api/uploads')
      .set('Authorization', ana.auth)
      .send({ file: 'not a file' });
    expect(json.status).toBe(400);
    const garbage = await request(app.url)
      .post('/api/uploads')
      .set('Authorization', ana.auth)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('this is not a multipart body');
    expect(garbage.status).toBe(400);
    await uploadsApi(app).upload(ana, pdf()).expect(201);
  });
});

describe('POST /api/uploads: UPLOAD_RATE', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    app = await createApp({ UPLOAD_RATE: '2/m' });
    [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
  });

  afterAll(() => app.close());

  it('429 with Retry-After past the rate, per user', async () => {
    const api = uploadsApi(app);
    await api.upload(ana, pdf('1.pdf')).expect(201);
    await api.upload(ana, pdf('2.pdf')).expect(201);
    const limited = await api.upload(ana, pdf('3.pdf'));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another user has a bucket of their own.
    await api.upload(bob, pdf('4.pdf')).expect(201);
  });
});
