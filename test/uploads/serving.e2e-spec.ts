import { jest } from '@jest/globals';
import { parse as parseDisposition } from 'content-disposition';

import { UploadUrls } from '../../src/uploads/upload-urls.js';
import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import { oggOpus, pdf, png } from './fixtures.js';
import { buildUrl, parseUrl, sha256, UploadsApi, uploadsApi, voiceFields } from './uploads-api.js';

jest.setTimeout(30_000);

const HOUR_S = 3600;

/** GET /api/uploads/{id}/content|thumbnail: signed URLs, headers, ranges, caching. */
describe('serving uploads', () => {
  let app: TestApp;
  let api: UploadsApi;
  let ana: TestUser;
  let image: { id: number; url: string; thumbnailUrl: string; size: number };
  let imageBytes: Buffer;
  let document: { id: number; url: string; size: number };
  let documentBytes: Buffer;

  beforeAll(async () => {
    app = await createApp({ UPLOAD_RATE: '100000/s' });
    api = uploadsApi(app);
    ana = await makeUser(app);
    image = (await api.upload(ana, await png(200, 100)).expect(201)).body;
    imageBytes = (await api.get(image.url).expect(200)).body;
    document = (await api.upload(ana, pdf()).expect(201)).body;
    documentBytes = (await api.get(document.url).expect(200)).body;
  });

  afterAll(() => app.close());

  afterEach(() => jest.useRealTimers());

  /** Serving still works: the refusals broke nothing. */
  const stillServing = async () => {
    await api.get(image.url).expect(200);
    await api.get(document.url).expect(200);
  };

  describe('signatures', () => {
    it('expires on a 6-hour boundary at least 24 h ahead; the same URL repeats', async () => {
      const { expires } = parseUrl(image.url);
      const now = Date.now() / 1000;
      expect(Number(expires) % (6 * HOUR_S)).toBe(0);
      expect(Number(expires)).toBeGreaterThanOrEqual(now + 24 * HOUR_S - 60);
      expect(Number(expires)).toBeLessThanOrEqual(now + 30 * HOUR_S + 60);
      // A second upload of the same file now: the same expiry.
      const again = (await api.upload(ana, pdf('again.pdf')).expect(201)).body;
      expect(parseUrl(again.url).expires).toBe(expires);
    });

    it('404 without a signature or without expires', async () => {
      const { id, variant, expires, signature } = parseUrl(image.url);
      await api.get(buildUrl(id, variant, { expires })).expect(404);
      await api.get(buildUrl(id, variant, { signature })).expect(404);
      await api.get(buildUrl(id, variant, {})).expect(404);
      await api.get(buildUrl(id, variant, { expires, signature: '' })).expect(404);
      await stillServing();
    });

    it('404 for a tampered signature', async () => {
      const { id, variant, expires, signature } = parseUrl(image.url);
      const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
      await api.get(buildUrl(id, variant, { expires, signature: flipped })).expect(404);
      await api
        .get(buildUrl(id, variant, { expires, signature: signature.slice(0, -1) }))
        .expect(404);
      await api.get(buildUrl(id, variant, { expires, signature: signature + 'A' })).expect(404);
      await api
        .get(buildUrl(id, variant, { expires, signature: encodeURIComponent('../../') }))
        .expect(404);
      await stillServing();
    });

    it('404 for a tampered expiry (later, earlier, not a number)', async () => {
      const { id, variant, expires, signature } = parseUrl(image.url);
      for (const changed of [
        String(Number(expires) + 6 * HOUR_S),
        String(Number(expires) - 6 * HOUR_S),
        `${expires}0`,
        `${expires}.0`,
        'tomorrow',
      ]) {
        const status = (await api.get(buildUrl(id, variant, { expires: changed, signature })))
          .status;
        expect([changed, status]).toEqual([changed, 404]);
      }
      // Repeated parameters (arrays to Express) are refused as well, not a 500.
      const repeated = `/api/uploads/${id}/${variant}?expires=${expires}&expires=${expires}&signature=${signature}`;
      await api.get(repeated).expect(404);
      const twice = `/api/uploads/${id}/${variant}?expires=${expires}&signature=${signature}&signature=${signature}`;
      await api.get(twice).expect(404);
      await stillServing();
    });

    it("404 for another upload's signature, or the content's signature on the thumbnail", async () => {
      const mine = parseUrl(image.url);
      const other = parseUrl(document.url);
      await api
        .get(buildUrl(mine.id, 'content', { expires: other.expires, signature: other.signature }))
        .expect(404);
      await api
        .get(buildUrl(other.id, 'content', { expires: mine.expires, signature: mine.signature }))
        .expect(404);
      await api
        .get(buildUrl(mine.id, 'thumbnail', { expires: mine.expires, signature: mine.signature }))
        .expect(404);
      // A PDF has no thumbnail, even with a signature the server made for one.
      const signer = app.app.get(UploadUrls);
      await api.get(signer.url(document.id, 'thumbnail')).expect(404);
      await stillServing();
    });

    it('404 for an unknown id, even signed', async () => {
      const signer = app.app.get(UploadUrls);
      await api.get(signer.url(999_999, 'content')).expect(404);
      await api.get('/api/uploads/abc/content?expires=1&signature=x').expect(404);
      await stillServing();
    });

    it('404 once expired (a URL the signer made with a past expiry)', async () => {
      const signer = app.app.get(UploadUrls);
      const past = Math.floor(Date.now() / 1000) - 1;
      await api.get(signer.url(image.id, 'content', past)).expect(404);
      await api.get(signer.url(image.id, 'thumbnail', past)).expect(404);
      // The same signer with a future expiry is served: the 404 was for the expiry alone.
      const future = Math.floor(Date.now() / 1000) + 60;
      await api.get(signer.url(image.id, 'content', future)).expect(200);
    });

    it('a URL handed out now is served 24 h later and refused after its expiry', async () => {
      const { expires } = parseUrl(document.url);
      const later = Date.now() + 24 * HOUR_S * 1000 - 60_000;
      // Only Date moves: timers, ticks and the sockets run as usual.
      jest.useFakeTimers({
        now: later,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      await api.get(document.url).expect(200);
      jest.setSystemTime(Number(expires) * 1000 + 1000);
      await api.get(document.url).expect(404);
      jest.useRealTimers();
      await api.get(document.url).expect(200);
    });
  });

  describe('headers', () => {
    it('an image: its type, nosniff, CSP sandbox, inline, strong ETag of the bytes, immutable', async () => {
      const served = await api.get(image.url).expect(200);
      expect(served.headers).toMatchObject({
        'content-type': 'image/png',
        'x-content-type-options': 'nosniff',
        etag: `"${sha256(imageBytes)}"`,
        'cache-control': 'private, max-age=31536000, immutable',
        'accept-ranges': 'bytes',
        'content-length': String(image.size),
      });
      expect(served.headers['content-security-policy']).toMatch(/(^|;\s*)sandbox\b/);
      expect(served.headers['content-disposition']).toMatch(/^inline; filename/);
      expect(imageBytes.length).toBe(image.size);
    });

    it('Content-Disposition: the disposition and the file name (RFC 6266, as the content-disposition package writes it)', async () => {
      const inline = await api.get(image.url).expect(200);
      expect(parseDisposition(inline.headers['content-disposition'] as string)).toEqual({
        type: 'inline',
        parameters: { filename: 'photo.png' },
      });
      const attachment = await api.get(document.url).expect(200);
      expect(parseDisposition(attachment.headers['content-disposition'] as string)).toEqual({
        type: 'attachment',
        parameters: { filename: 'report.pdf' },
      });
    });

    it('a thumbnail: image/webp, inline, nosniff, its own ETag', async () => {
      const served = await api.get(image.thumbnailUrl).expect(200);
      const bytes = served.body as Buffer;
      expect(served.headers).toMatchObject({
        'content-type': 'image/webp',
        'x-content-type-options': 'nosniff',
        etag: `"${sha256(bytes)}"`,
        'cache-control': 'private, max-age=31536000, immutable',
      });
      expect(served.headers['content-disposition']).toMatch(/^inline/);
      expect(served.headers['content-security-policy']).toMatch(/\bsandbox\b/);
    });

    it('a PDF: attachment, nosniff, sandbox', async () => {
      const served = await api.get(document.url).expect(200);
      expect(served.headers['content-disposition']).toMatch(/^attachment; filename/);
      expect(served.headers).toMatchObject({
        'content-type': 'application/pdf',
        'x-content-type-options': 'nosniff',
        etag: `"${sha256(documentBytes)}"`,
      });
      expect(served.headers['content-security-policy']).toMatch(/\bsandbox\b/);
    });

    it('a voice message: inline, audio/ogg or audio/webm', async () => {
      const voice = (
        await api.upload(ana, oggOpus(), { before: voiceFields(900, [5, 6]) }).expect(201)
      ).body;
      const served = await api.get(voice.url).expect(200);
      expect(served.headers['content-type']).toMatch(/^audio\/ogg\b/);
      expect(served.headers['content-disposition']).toMatch(/^inline/);
      expect(served.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers no cookie and needs no Authorization header', async () => {
      const served = await api.get(image.url).expect(200);
      expect(served.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('ranges and caching', () => {
    it('206 with Content-Range and exactly the bytes asked', async () => {
      const size = documentBytes.length;
      const cases: [string, number, number][] = [
        ['bytes=0-9', 0, 9],
        ['bytes=10-', 10, size - 1],
        ['bytes=-7', size - 7, size - 1],
        [`bytes=5-${size + 100}`, 5, size - 1],
      ];
      for (const [range, first, last] of cases) {
        const served = await api.get(document.url, { Range: range });
        expect([range, served.status]).toEqual([range, 206]);
        expect(served.headers['content-range']).toBe(`bytes ${first}-${last}/${size}`);
        expect(served.headers['content-length']).toBe(String(last - first + 1));
        expect((served.body as Buffer).equals(documentBytes.subarray(first, last + 1))).toBe(true);
      }
    });

    it('416 for a range past the end, with Content-Range bytes */size', async () => {
      const size = documentBytes.length;
      const served = await api.get(document.url, { Range: `bytes=${size}-` });
      expect(served.status).toBe(416);
      expect(served.headers['content-range']).toBe(`bytes */${size}`);
      await stillServing();
    });

    it('304 for If-None-Match with the ETag, 200 for another', async () => {
      const etag = `"${sha256(imageBytes)}"`;
      const notModified = await api.get(image.url, { 'If-None-Match': etag });
      expect(notModified.status).toBe(304);
      expect((notModified.body as Buffer).length).toBe(0);
      const other = await api.get(image.url, { 'If-None-Match': `"${'0'.repeat(64)}"` });
      expect(other.status).toBe(200);
      expect((other.body as Buffer).equals(imageBytes)).toBe(true);
    });
  });
});
