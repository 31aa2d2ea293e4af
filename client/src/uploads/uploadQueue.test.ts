import type { Attachment } from '../api/types';
import { createApiClient } from '../api/client';
import { Session } from '../session/session';
import { TokenStore } from '../session/tokenStore';
import { FakeXhr } from '../test/fakeXhr';
import { MAX_ATTACHMENTS, UploadQueue } from './uploadQueue';

function attachment(id: number, name: string): Attachment {
  return {
    id,
    kind: 'file',
    name,
    mimeType: 'application/pdf',
    size: 1000,
    url: `/api/uploads/${id}/content?expires=1&signature=s`,
  };
}

function file(name: string, type = 'application/pdf', size = 1000): File {
  return new File([new Uint8Array(size)], name, { type });
}

/** The queue over the real API client and XMLHttpRequest transport, with a fake XHR. */
function setup() {
  FakeXhr.install();
  new TokenStore().save({
    refreshToken: 'r1',
    accessToken: 'a1',
    accessExpiresAt: Date.now() + 600_000,
    user: { id: 1, username: 'ana', displayName: 'Ana' },
  });
  const api = createApiClient(new Session(new TokenStore(), undefined));
  const queue = new UploadQueue((f, options) => api.upload(f, options));
  return { queue, items: () => queue.getSnapshot().items };
}

/** Lets the upload's promise chain (token, then XHR) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UploadQueue', () => {
  it('uploads each file at once as multipart `file` with the bearer token, with its progress', async () => {
    const { queue, items } = setup();
    queue.add([file('report.pdf')]);
    await settle();
    const xhr = FakeXhr.last();
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/uploads');
    expect(xhr.headers.Authorization).toBe('Bearer a1');
    expect(xhr.fields()).toEqual({ file: 'report.pdf' });
    expect(items()[0]).toMatchObject({ name: 'report.pdf', status: 'uploading', progress: 0 });

    xhr.progress(250, 1000);
    expect(items()[0].progress).toBe(25);
    xhr.respond(201, attachment(5, 'report.pdf'));
    await settle();
    expect(items()[0]).toMatchObject({ status: 'done', progress: 100, attachment: { id: 5 } });
  });

  it('gives the finished uploads in the order added, and keeps those still uploading', async () => {
    const { queue, items } = setup();
    queue.add([file('a.pdf'), file('b.pdf'), file('c.pdf')]);
    await settle();
    const [a, b, c] = FakeXhr.instances;
    // Finished out of order: c, then a; b still uploading.
    c.respond(201, attachment(3, 'c.pdf'));
    a.respond(201, attachment(1, 'a.pdf'));
    await settle();
    expect(b.aborted).toBe(false);
    expect(queue.takeFinished().map((x) => x.id)).toEqual([1, 3]);
    expect(items().map((i) => i.name)).toEqual(['b.pdf']);
  });

  it('cancels an upload by aborting its request, and shows no error for it', async () => {
    const { queue, items } = setup();
    queue.add([file('big.zip', 'application/zip')]);
    await settle();
    const xhr = FakeXhr.last();
    queue.cancel(items()[0].key);
    expect(xhr.aborted).toBe(true);
    await settle();
    expect(items()).toEqual([]);
  });

  it('refreshes the token once after a 401 and sends the file again', async () => {
    const { queue, items } = setup();
    const fetch = vi.fn(async (_path: string) =>
      Response.json({ accessToken: 'a2', refreshToken: 'r2', expiresIn: 900 }),
    );
    vi.stubGlobal('fetch', fetch);
    queue.add([file('a.pdf')]);
    await settle();
    FakeXhr.last().respond(401, { statusCode: 401, message: 'Unauthorized' });
    await vi.waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    expect(fetch.mock.calls[0][0]).toBe('/api/auth/refresh');
    const retry = FakeXhr.last();
    expect(retry.headers.Authorization).toBe('Bearer a2');
    expect(retry.fields()).toEqual({ file: 'a.pdf' });
    retry.respond(201, attachment(9, 'a.pdf'));
    await settle();
    expect(items()[0].status).toBe('done');
  });

  describe('says why an upload was refused', () => {
    async function refusedWith(
      name: string,
      type: string,
      answer: (xhr: FakeXhr) => void,
    ): Promise<string | undefined> {
      const { queue, items } = setup();
      queue.add([file(name, type)]);
      await settle();
      answer(FakeXhr.last());
      await settle();
      expect(items()[0].status).toBe('failed');
      return items()[0].error;
    }

    it('413: too big, with the limit the server gave', async () => {
      const error = await refusedWith('photo.png', 'image/png', (xhr) =>
        xhr.respond(413, {
          statusCode: 413,
          message: 'file is larger than UPLOAD_MAX_BYTES (26214400 bytes)',
          error: 'Payload Too Large',
        }),
      );
      expect(error).toBe('photo.png is too big (the limit is 25 MB)');
    });

    it('415: not the image its name says', async () => {
      const error = await refusedWith('photo.png', 'image/png', (xhr) =>
        xhr.respond(415, {
          statusCode: 415,
          message: 'photo.png is not the image its name or type says',
          error: 'Unsupported Media Type',
        }),
      );
      expect(error).toBe('photo.png is not the image its name says');
    });

    it('415: not the audio its name says, by its extension when the type says nothing', async () => {
      const error = await refusedWith('song.mp3', '', (xhr) =>
        xhr.respond(415, { statusCode: 415, message: 'not audio' }),
      );
      expect(error).toBe('song.mp3 is not the audio its name says');
    });

    it('415: too large an image', async () => {
      const error = await refusedWith('huge.png', 'image/png', (xhr) =>
        xhr.respond(415, {
          statusCode: 415,
          message: 'The image has 10000×6000 pixels; at most 40 megapixels are accepted',
        }),
      );
      expect(error).toBe('huge.png is too large an image (at most 40 megapixels)');
    });

    it('429: too many uploads, with the wait from Retry-After', async () => {
      const error = await refusedWith('a.pdf', 'application/pdf', (xhr) =>
        xhr.respond(
          429,
          { statusCode: 429, message: 'Too Many Requests' },
          { 'Retry-After': '12' },
        ),
      );
      expect(error).toBe('Too many uploads: try again in 12 s.');
    });

    it('a network error', async () => {
      const error = await refusedWith('a.pdf', 'application/pdf', (xhr) => xhr.failNetwork());
      expect(error).toBe(
        'a.pdf could not be uploaded: the server cannot be reached. Check your connection and try again.',
      );
    });

    it('any other refusal with the server’s words', async () => {
      const error = await refusedWith('a.pdf', 'application/pdf', (xhr) =>
        xhr.respond(400, { statusCode: 400, message: 'only one file per upload' }),
      );
      expect(error).toBe('a.pdf was refused: only one file per upload');
    });
  });

  it('takes at most 10 attachments and says so past 10', async () => {
    const { queue, items } = setup();
    queue.add(Array.from({ length: 8 }, (_, i) => file(`f${i}.pdf`)));
    queue.add([file('x.pdf'), file('y.pdf'), file('z.pdf'), file('w.pdf')]);
    expect(items()).toHaveLength(MAX_ATTACHMENTS);
    expect(items().at(-1)?.name).toBe('y.pdf');
    expect(queue.getSnapshot().notice).toBe('Up to 10 files per message: 2 files were not added.');
  });

  it('cancels everything still uploading when disposed', async () => {
    const { queue, items } = setup();
    queue.add([file('a.pdf'), file('b.pdf')]);
    await settle();
    queue.dispose();
    expect(FakeXhr.instances.every((x) => x.aborted)).toBe(true);
    expect(items()).toEqual([]);
  });
});
