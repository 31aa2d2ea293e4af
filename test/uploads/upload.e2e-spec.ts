import { jest } from '@jest/globals';
import sharp from 'sharp';

import { AppConfig } from '../../src/config/app-config.js';
import { createApp, TestApp } from '../support/create-app.js';
import { makeUser, TestUser } from '../support/factories.js';
import {
  EXIF_SECRET,
  Fixture,
  html,
  hugePngHeader,
  jpeg,
  jpegWithExif,
  oggOpus,
  pdf,
  png,
  svg,
  text,
  textAsPng,
  webm,
} from './fixtures.js';
import {
  CONTENT_URL,
  eventually,
  Field,
  filesIn,
  messageOf,
  THUMBNAIL_URL,
  UploadsApi,
  uploadsApi,
  voiceFields,
} from './uploads-api.js';

jest.setTimeout(30_000);

const WAVEFORM = Array.from({ length: 64 }, (_, index) => (index * 37) % 256);

/** POST /api/uploads: what is stored, what is answered, what is refused. */
describe('POST /api/uploads', () => {
  let app: TestApp;
  let api: UploadsApi;
  let uploadDir: string;
  let ana: TestUser;

  beforeAll(async () => {
    app = await createApp({ UPLOAD_RATE: '100000/s burst 100000' });
    api = uploadsApi(app);
    uploadDir = app.app.get(AppConfig).uploadDir;
    ana = await makeUser(app);
  });

  afterAll(() => app.close());

  /** Uploads `file` and fetches its content: the answer, the bytes and the response. */
  async function uploadAndFetch(file: Fixture, fields: Field[] = []) {
    const answer = await api.upload(ana, file, { before: fields });
    expect([answer.status, answer.body]).toEqual([201, expect.anything()]);
    const served = await api.get(answer.body.url).expect(200);
    return { attachment: answer.body, served, bytes: served.body as Buffer };
  }

  describe('accepted', () => {
    it('a PNG: kind image, its size, a signed URL and a WebP thumbnail of at most 400 px', async () => {
      const file = await png(640, 480);
      const { attachment, served, bytes } = await uploadAndFetch(file);
      expect(attachment).toEqual({
        id: expect.any(Number),
        kind: 'image',
        name: 'photo.png',
        mimeType: 'image/png',
        size: bytes.length,
        width: 640,
        height: 480,
        url: expect.stringMatching(CONTENT_URL),
        thumbnailUrl: expect.stringMatching(THUMBNAIL_URL),
      });
      expect(attachment.url).toContain(`/api/uploads/${attachment.id}/content?`);
      expect(attachment.thumbnailUrl).toContain(`/api/uploads/${attachment.id}/thumbnail?`);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['content-disposition']).toMatch(/^inline; filename/);
      expect(served.headers['content-disposition']).toContain('photo.png');
      expect(await sharp(bytes).metadata()).toMatchObject({
        format: 'png',
        width: 640,
        height: 480,
      });

      const thumbnail = await api.get(attachment.thumbnailUrl).expect(200);
      expect(thumbnail.headers['content-type']).toBe('image/webp');
      expect(thumbnail.headers['content-disposition']).toMatch(/^inline/);
      const meta = await sharp(thumbnail.body as Buffer).metadata();
      expect(meta.format).toBe('webp');
      expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(400);
      // The aspect ratio is kept (4:3), within a pixel.
      expect(Math.abs(meta.width! / meta.height! - 4 / 3)).toBeLessThan(0.02);
    });

    it('a small image keeps its size in its thumbnail (never enlarged)', async () => {
      const { attachment } = await uploadAndFetch(await png(120, 80, 'small.png'));
      const thumbnail = await api.get(attachment.thumbnailUrl).expect(200);
      const meta = await sharp(thumbnail.body as Buffer).metadata();
      expect([meta.width, meta.height]).toEqual([120, 80]);
    });

    it('a JPEG with EXIF: served without EXIF or GPS, its orientation applied', async () => {
      const file = await jpegWithExif(300, 100, 6);
      const { attachment, served, bytes } = await uploadAndFetch(file);
      // Orientation 6 turns the 300 × 100 stored pixels into a 100 × 300 picture.
      expect(attachment).toMatchObject({
        kind: 'image',
        name: 'holiday.jpg',
        mimeType: 'image/jpeg',
        width: 100,
        height: 300,
        size: bytes.length,
      });
      expect(served.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation === undefined || meta.orientation === 1).toBe(true);
      expect([meta.width, meta.height]).toEqual([100, 300]);
      expect(bytes.includes(Buffer.from(EXIF_SECRET))).toBe(false);
      expect(bytes.includes(Buffer.from('FixtureCam'))).toBe(false);
      expect(bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);

      const thumbnail = (await api.get(attachment.thumbnailUrl).expect(200)).body as Buffer;
      const thumbMeta = await sharp(thumbnail).metadata();
      expect(thumbMeta.exif).toBeUndefined();
      expect(thumbnail.includes(Buffer.from(EXIF_SECRET))).toBe(false);
      expect(thumbMeta.height! > thumbMeta.width!).toBe(true);
    });

    it('a JPEG without metadata: kind image, inline', async () => {
      const { attachment, served } = await uploadAndFetch(await jpeg(320, 200));
      expect(attachment).toMatchObject({ kind: 'image', width: 320, height: 200 });
      expect(served.headers['content-disposition']).toMatch(/^inline; filename/);
    });

    it('an Ogg Opus voice message: kind voice, its duration and waveform answered back', async () => {
      const file = oggOpus();
      const { attachment, served, bytes } = await uploadAndFetch(file, voiceFields(1500, WAVEFORM));
      expect(attachment).toEqual({
        id: expect.any(Number),
        kind: 'voice',
        name: 'voice.ogg',
        mimeType: expect.stringMatching(/^audio\/ogg\b/),
        size: file.buffer.length,
        durationMs: 1500,
        waveform: WAVEFORM,
        url: expect.stringMatching(CONTENT_URL),
      });
      expect(served.headers['content-type']).toMatch(/^audio\/ogg\b/);
      expect(served.headers['content-disposition']).toMatch(/^inline; filename/);
      expect(bytes.equals(file.buffer)).toBe(true);
    });

    it('a WebM voice message: kind voice, served as audio/webm', async () => {
      const file = webm();
      const { attachment, served } = await uploadAndFetch(file, voiceFields(800, [0, 128, 255]));
      expect(attachment).toMatchObject({
        kind: 'voice',
        mimeType: 'audio/webm',
        durationMs: 800,
        waveform: [0, 128, 255],
      });
      expect(attachment.thumbnailUrl).toBeUndefined();
      expect(served.headers['content-type']).toMatch(/^audio\/webm\b/);
      expect(served.headers['content-disposition']).toMatch(/^inline/);
    });

    it('takes the voice fields after the file as well as before it', async () => {
      const answer = await api
        .upload(ana, oggOpus(), { after: voiceFields(2000, [1, 2, 3]) })
        .expect(201);
      expect(answer.body).toMatchObject({ kind: 'voice', durationMs: 2000, waveform: [1, 2, 3] });
    });

    it('Ogg Opus without kind=voice is plain audio, without duration or waveform', async () => {
      const { attachment, served } = await uploadAndFetch(oggOpus('song.opus'));
      expect(attachment).toMatchObject({
        kind: 'audio',
        mimeType: expect.stringMatching(/^audio\//),
      });
      expect(attachment.durationMs).toBeUndefined();
      expect(attachment.waveform).toBeUndefined();
      expect(served.headers['content-disposition']).toMatch(/^inline/);
    });

    it.each([
      ['Chrome', webm('voice.webm', 'audio/webm;codecs=opus')],
      ['Firefox', { ...oggOpus('voice.ogg'), contentType: 'audio/ogg; codecs=opus' }],
      ['Safari-like, video type', webm('voice.webm', 'video/webm')],
    ])('a voice message as %s records it is taken as voice', async (_browser, file) => {
      const answer = await api.voice(ana, file, 3000, [10, 20, 30]).expect(201);
      expect(answer.body).toMatchObject({ kind: 'voice', durationMs: 3000 });
      expect(answer.body.mimeType).toMatch(/^audio\/(webm|ogg)\b/);
      const served = await api.get(answer.body.url).expect(200);
      expect(served.headers['content-type']).toMatch(/^audio\/(webm|ogg)\b/);
    });

    it('a WebM claimed as audio is audio', async () => {
      const answer = await api.upload(ana, webm('clip.webm', 'audio/webm')).expect(201);
      expect(answer.body.kind).toBe('audio');
    });

    it('a PDF: kind file, application/pdf, served as an attachment, the same bytes', async () => {
      const file = pdf();
      const { attachment, served, bytes } = await uploadAndFetch(file);
      expect(attachment).toEqual({
        id: expect.any(Number),
        kind: 'file',
        name: 'report.pdf',
        mimeType: 'application/pdf',
        size: file.buffer.length,
        url: expect.stringMatching(CONTENT_URL),
      });
      expect(served.headers['content-type']).toBe('application/pdf');
      expect(served.headers['content-disposition']).toMatch(/^attachment; filename/);
      expect(served.headers['content-disposition']).toContain('report.pdf');
      expect(bytes.equals(file.buffer)).toBe(true);
    });

    it('a text file: kind file, application/octet-stream, an attachment', async () => {
      const file = text();
      const { attachment, served, bytes } = await uploadAndFetch(file);
      expect(attachment).toMatchObject({
        kind: 'file',
        name: 'notes.txt',
        mimeType: 'application/octet-stream',
        size: file.buffer.length,
      });
      expect(served.headers['content-type']).toBe('application/octet-stream');
      expect(served.headers['content-disposition']).toMatch(/^attachment; filename/);
      expect(bytes.equals(file.buffer)).toBe(true);
    });

    it.each([
      ['HTML', html()],
      ['SVG', svg()],
    ])('%s: kind file, never inline, never its claimed type', async (_what, file) => {
      const { attachment, served } = await uploadAndFetch(file);
      expect(attachment).toMatchObject({ kind: 'file', mimeType: 'application/octet-stream' });
      expect(attachment.thumbnailUrl).toBeUndefined();
      expect(served.headers['content-type']).toBe('application/octet-stream');
      expect(served.headers['content-disposition']).toMatch(/^attachment; filename/);
      expect(served.headers['content-disposition']).toContain(file.name);
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['content-security-policy']).toMatch(/\bsandbox\b/);
    });

    it('names: path stripped, control characters removed, at most 255', async () => {
      const named = (name: string) => ({ ...text(), name });
      const cases: [string, (name: string) => void][] = [
        ['../../etc/passwd.txt', (name) => expect(name).toBe('passwd.txt')],
        ['a\tb.txt', (name) => expect(name).toBe('ab.txt')],
        [
          `${'n'.repeat(300)}.txt`,
          (name) => {
            expect(name.length).toBeLessThanOrEqual(255);
            expect(name).toMatch(/^n+/);
          },
        ],
      ];
      for (const [sent, check] of cases) {
        const answer = await api.upload(ana, named(sent)).expect(201);
        check(answer.body.name);
      }
    });

    it('names: a UTF-8 file name (as browsers send it) is kept, and served as filename*', async () => {
      const name = 'résumé été ✓.txt';
      const answer = await api.upload(ana, { ...text(), name }).expect(201);
      expect(answer.body.name).toBe(name);
      const served = await api.get(answer.body.url).expect(200);
      expect(served.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent(name)}`,
      );
    });

    it('finds the type from the bytes: a PNG sent as octet-stream is an image', async () => {
      const file = {
        ...(await png(50, 40)),
        name: 'blob.bin',
        contentType: 'application/octet-stream',
      };
      const { attachment, served } = await uploadAndFetch(file);
      expect(attachment).toMatchObject({ kind: 'image', mimeType: 'image/png', width: 50 });
      expect(served.headers['content-type']).toBe('image/png');
    });

    it('finds the type from the bytes: a JPEG named .png is served as a JPEG', async () => {
      const file = { ...(await jpeg(60, 30)), name: 'really.png', contentType: 'image/png' };
      const { attachment, served } = await uploadAndFetch(file);
      expect(attachment).toMatchObject({ kind: 'image', mimeType: 'image/jpeg' });
      expect(served.headers['content-type']).toBe('image/jpeg');
    });

    it('finds the type from the bytes: a PDF claimed as HTML is a PDF, an attachment', async () => {
      const file = { ...pdf('page.html'), contentType: 'text/html' };
      const { attachment, served } = await uploadAndFetch(file);
      expect(attachment).toMatchObject({ kind: 'file', mimeType: 'application/pdf' });
      expect(served.headers['content-type']).toBe('application/pdf');
      expect(served.headers['content-disposition']).toMatch(/^attachment/);
    });
  });

  describe('refused', () => {
    /** Whatever was refused left no file behind, and the server still takes an upload. */
    async function expectNothingKeptAndServing(before: string[]) {
      await eventually(() => filesIn(uploadDir).join() === before.join());
      expect(filesIn(uploadDir)).toEqual(before);
      const answer = await api.upload(ana, text('after.txt')).expect(201);
      await api.get(answer.body.url).expect(200);
    }

    async function refused(
      status: number,
      files: Fixture | Fixture[] | null,
      options: { before?: Field[]; after?: Field[] } = {},
      user: TestUser | null = ana,
    ) {
      const before = filesIn(uploadDir);
      const answer = await api.upload(user, files, options);
      expect([answer.status, answer.body.statusCode]).toEqual([status, status]);
      await expectNothingKeptAndServing(before);
      return answer;
    }

    it('415 for text named photo.png sent as image/png', async () => {
      const answer = await refused(415, textAsPng());
      expect(answer.body.error).toBeDefined();
    });

    it('415 for text that only its extension (.png) or only its type (image/png) claims as an image', async () => {
      await refused(415, text('photo.png', 'application/octet-stream'));
      await refused(415, text('notes.txt', 'image/png'));
    });

    it('415 for text claimed as audio or video', async () => {
      await refused(415, text('voice.ogg', 'audio/ogg'));
      await refused(415, text('clip.mp4', 'video/mp4'));
    });

    it('415 for a PNG claimed as audio (not of the claimed family)', async () => {
      await refused(415, { ...(await png(20, 20)), name: 'song.mp3', contentType: 'audio/mpeg' });
    });

    it('415 for a 60-megapixel PNG, answered at once (never decoded)', async () => {
      const started = Date.now();
      await refused(415, hugePngHeader(8000, 7500));
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('415 for kind=voice with a file that is not Ogg or WebM', async () => {
      await refused(415, pdf(), { before: voiceFields(1000, [1]) });
      await refused(415, await png(20, 20), { before: voiceFields(1000, [1]) });
    });

    it('400 for a voice message without durationMs or without waveform, naming it', async () => {
      const withoutDuration = await refused(400, oggOpus(), {
        before: [
          ['kind', 'voice'],
          ['waveform', '[1,2]'],
        ],
      });
      expect(messageOf(withoutDuration)).toContain('durationMs');
      const withoutWaveform = await refused(400, oggOpus(), {
        before: [
          ['kind', 'voice'],
          ['durationMs', 1000],
        ],
      });
      expect(messageOf(withoutWaveform)).toContain('waveform');
    });

    it.each([
      ['129 values', JSON.stringify(Array.from({ length: 129 }, () => 1))],
      ['a value of 256', '[1,256,3]'],
      ['a negative value', '[1,-1]'],
      ['a fraction', '[1,2.5]'],
      ['a string in it', '[1,"2"]'],
      ['an empty array', '[]'],
      ['not JSON', '[1,2'],
      ['an object', '{"0":1}'],
    ])('400 for a waveform of %s, naming waveform', async (_what, waveform) => {
      const answer = await refused(400, oggOpus(), { before: voiceFields(1000, waveform) });
      expect(messageOf(answer)).toContain('waveform');
    });

    it('takes a waveform of exactly 128 values 0-255', async () => {
      const waveform = Array.from({ length: 128 }, (_, index) => (index * 2) % 256);
      const answer = await api.voice(ana, oggOpus(), 1000, waveform).expect(201);
      expect(answer.body.waveform).toEqual(waveform);
    });

    it.each([['0'], ['3600001'], ['abc'], ['1.5'], ['-5'], ['']])(
      '400 for durationMs %j, naming durationMs',
      async (durationMs) => {
        const answer = await refused(400, oggOpus(), { before: voiceFields(durationMs, [1, 2]) });
        expect(messageOf(answer)).toContain('durationMs');
      },
    );

    it('400 for durationMs or waveform without kind=voice', async () => {
      const duration = await refused(400, oggOpus(), { before: [['durationMs', 1000]] });
      expect(messageOf(duration)).toMatch(/durationMs|kind/);
      const waveform = await refused(400, oggOpus(), { before: [['waveform', '[1]']] });
      expect(messageOf(waveform)).toMatch(/waveform|kind/);
    });

    it('400 for a kind other than voice: "kind must be voice"', async () => {
      const answer = await refused(400, await png(20, 20), { before: [['kind', 'image']] });
      expect(messageOf(answer)).toContain('kind must be voice');
    });

    it('400 "file is required" without a file', async () => {
      const answer = await refused(400, null, { before: voiceFields(1000, [1]) });
      expect(messageOf(answer)).toContain('file is required');
    });

    it('400 naming file for a file under another field name', async () => {
      const before = filesIn(uploadDir);
      const answer = await api.upload(ana, null).attach('document', pdf().buffer, 'report.pdf');
      // Refused as it comes (an unexpected part) or at the end (no file): either way, naming `file`.
      expect([answer.status, messageOf(answer)]).toEqual([400, expect.stringMatching(/\bfile\b/)]);
      await expectNothingKeptAndServing(before);
    });

    it('400 "only one file per upload" for two files, keeping neither', async () => {
      const answer = await refused(400, [pdf('one.pdf', 'one'), pdf('two.pdf', 'two')]);
      expect(messageOf(answer)).toContain('only one file per upload');
    });

    it('401 without a token, keeping nothing', async () => {
      await refused(401, pdf(), {}, null);
    });
  });
});
