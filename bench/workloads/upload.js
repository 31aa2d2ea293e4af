// @ts-check
// `upload` (Fadmann only: the baselines have no uploads): N concurrent uploaders, each in a
// closed loop: `POST /api/uploads` of a 1 MB file (random bytes, so kind `file`: no image
// processing), then `GET` of the signed `url` the answer carries, the bytes compared with
// what was sent. Meanwhile one room carries a steady chat load on sockets (the open-loop
// generator of the messaging workloads), so the step shows what uploads cost the chat.
//
// Each step runs, on the same server, users, room and schedule: the chat alone (row
// `fadmann (no uploads)`), then the chat with the 1 MB files (row `fadmann`), then the
// chat with 1 MB PNGs instead (row `fadmann (1 MB PNG)`: decoded, re-encoded without
// metadata and thumbnailed by sharp on the server). The ratio rows `fadmann ÷ …` are the
// chat's latency with file uploads ÷ without them, and file ÷ PNG uploads.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';

import { runLoad } from '../load/coordinator.js';
import { newHistogram, nowUs, record, summarise } from '../load/histogram.js';
import { expectOk, mapLimit } from '../lib/http.js';
import { rssBytes, settle, sleep } from '../lib/proc.js';
import { judge, round, socketFigures } from './figures.js';

/** @typedef {import('../../src/contract/messages.js').Attachment} Attachment */

/** The names of the comparisons in the results (rows of their own under fadmann). */
export const NO_UPLOADS = 'fadmann (no uploads)';
export const PNG_UPLOADS = 'fadmann (1 MB PNG)';
const FILE_BYTES = 1 << 20;
/** A header of text at the start of each file: unique per upload, and no format's magic bytes. */
const HEADER_BYTES = 64;
const REQUEST_TIMEOUT_MS = 60000;
const RSS_SAMPLE_MS = 50;
/** PNG side in pixels: 576 x 576 x 3 bytes of noise, about 1 MiB once encoded (noise does not compress). */
const PNG_SIDE = 576;

/**
 * @typedef {{perRoom: number, senders: number, messageRate: number, latencyLimitMs: number,
 *   png: boolean, pngPool: number}} UploadShape
 * @typedef {{bytes: Blob, size: number, name: string, type: string, sha256: string | null}} Payload
 * @typedef {{kind: 'file' | 'image', next: () => Payload}} PayloadSource
 */

/**
 * One step: the chat alone, the chat with file uploads, the chat with PNG uploads.
 * @param {any} contender @param {UploadShape} shape @param {number} uploaders concurrent uploaders
 * @param {any} run
 */
export async function runUploadStep(contender, shape, uploaders, run) {
  /** @type {string[]} */
  const tokens = await contender.tokens(run.userPool);
  /** @type {number[]} */
  const [room] = await contender.rooms(1);
  await mapLimit(tokens, 4, (token) =>
    expectOk(contender.api(`/api/rooms/${room}/members/me`, { method: 'PUT', token })),
  );
  /** @type {{room: number, token: string, sid: number}[]} */
  const clients = [];
  /** @type {number[]} */
  const senders = [];
  for (let j = 0; j < shape.perRoom; j++) {
    const isSender = j < shape.senders;
    if (isSender) senders.push(j);
    clients.push({ room, token: tokens[j % tokens.length], sid: isSender ? j : -1 });
  }
  const common = {
    server: contender,
    pinning: run.pinning,
    mode: /** @type {const} */ ('messages'),
    clients,
    senderRooms: { [room]: senders },
    rate: shape.messageRate,
    warmMs: run.warmMs,
    windowMs: run.windowMs,
    drainMs: run.drainMs,
    gens: run.gens,
  };

  /** @param {PayloadSource | null} source @param {string | undefined} profileFile */
  const variant = async (source, profileFile) => {
    // The files an earlier variant wrote are flushed first: their writeback would slow this
    // one's SQLite fsyncs (the chat's inserts), and the chat without uploads most of all.
    spawnSync('sync', { timeout: 60000 });
    const load = source ? uploadLoad(contender, tokens, uploaders, source) : null;
    const rss = rssPeak(contender.pid);
    const res = await runLoad({ ...common, profileFile, onStart: load?.start });
    const up = load ? await load.done() : null;
    const peak = rss.stop();
    return uploadFigures(res, up, { uploaders, shape, run, rssPeakBytes: peak });
  };

  const quiet = await variant(null, undefined);
  await settle(contender, run.quick ? 1000 : 15000);
  const files = await variant(fileSource(), run.profileFile);
  /** @type {Record<string, any>} */
  const variants = { [NO_UPLOADS]: quiet };
  if (shape.png) {
    await settle(contender, run.quick ? 1000 : 15000);
    const pool = await pngPool(shape.pngPool);
    variants[PNG_UPLOADS] = await variant(
      pngSource(pool),
      run.profileFile?.replace(/\.cpuprofile$/, '-png.cpuprofile'),
    );
  }
  // A lost or doubled chat delivery, or a wrong download, in any variant fails the step.
  for (const [name, v] of Object.entries(variants)) {
    if (files.error || !(v.error || v.exact === false)) continue;
    files.pass = false;
    files.exact = false;
    files.status = 'FAILED';
    files.why.push(`${name}: ${v.error ?? v.why.join('; ')}`);
  }
  return { ...files, variants };
}

/**
 * @param {any} res the coordinator's result
 * @param {Awaited<ReturnType<ReturnType<typeof uploadLoad>['done']>> | null} up
 * @param {{uploaders: number, shape: UploadShape, run: any, rssPeakBytes: number | null}} o
 * @returns {any} the variant's figures and verdict, or its error
 */
function uploadFigures(res, up, { uploaders, shape, run, rssPeakBytes }) {
  if (res.failedToStart) return { error: res.failedToStart, connect: res.connect };
  const f = socketFigures(res, { windowMs: run.windowMs, loadCores: run.loadCores });
  const windowS = run.windowMs / 1000;
  const MB = 2 ** 20;
  const fig = {
    offered: uploaders,
    uploaders: up ? uploaders : 0,
    messageRate: shape.messageRate,
    offeredDeliveries: shape.messageRate * shape.perRoom,
    ...f,
    uploads: up?.uploads ?? null,
    downloads: up?.downloads ?? null,
    uploadsPerSec: up ? round(up.uploadsInWindow / windowS, 1) : null,
    upMBps: up ? round(up.upBytesInWindow / MB / windowS, 1) : null,
    downMBps: up ? round(up.downBytesInWindow / MB / windowS, 1) : null,
    uploadLatency: up?.uploadLatency ?? null,
    downloadLatency: up?.downloadLatency ?? null,
    uploadErrors: up ? up.failed + up.mismatches : null,
    mismatches: up?.mismatches ?? null,
    statuses: up?.statuses ?? null,
    samples: up?.samples ?? null,
    clientCpuPct: up ? round((up.clientCpuUs / (run.windowMs * 1000)) * 100, 0) : null,
    serverCpuPct:
      f.serverCpuUs != null ? round((f.serverCpuUs / (run.windowMs * 1000)) * 100, 0) : null,
    // Share of the window the server's main thread was runnable but not running (others' load).
    cpuWaitPct:
      res.server?.runDelayUs != null
        ? round((res.server.runDelayUs / (run.windowMs * 1000)) * 100, 0)
        : null,
    rssPeakMB: rssPeakBytes != null ? round(rssPeakBytes / MB, 1) : null,
    cpuUsPerUpload:
      up && f.serverCpuUs != null && up.uploadsInWindow > 0
        ? round(f.serverCpuUs / up.uploadsInWindow, 0)
        : null,
    cpuUsPerDelivery:
      f.serverCpuUs != null
        ? round(f.serverCpuUs / Math.max(1, (f.deliveriesPerSec ?? 0) * windowS), 2)
        : null,
  };
  const verdict = judge(fig, shape.latencyLimitMs, f.latency?.p99 ?? null);
  if (up) {
    const wrong = [];
    if (up.failed > 0)
      wrong.push(`${up.failed} upload/download requests failed ${JSON.stringify(up.statuses)}`);
    if (up.mismatches > 0) wrong.push(`${up.mismatches} downloads differ from their upload`);
    if (up.downloads === 0) wrong.push('no upload came back');
    if (up.samples.length) wrong.push(`e.g. ${up.samples.join('; ')}`);
    if (wrong.length) {
      // A failed upload or a wrong download is a correctness failure, not a slow one.
      verdict.pass = false;
      verdict.exact = false;
      verdict.status = 'FAILED';
      verdict.why.push(...wrong);
    }
  }
  return { ...fig, ...verdict };
}

/**
 * The closed-loop uploaders: each uploads one payload, downloads it back through its signed
 * url and compares, again and again from t0 until the window ends (none starts after it).
 * Figures of the window: uploads and downloads that finished inside it, their bytes and
 * their latency (from the request to the last byte of the answer).
 * @param {any} contender @param {string[]} tokens @param {number} uploaders
 * @param {PayloadSource} source
 */
function uploadLoad(contender, tokens, uploaders, source) {
  const uploadLatency = newHistogram();
  const downloadLatency = newHistogram();
  /** @type {Record<string, number>} */
  const statuses = {};
  /** @type {string[]} */
  const samples = [];
  let uploads = 0;
  let downloads = 0;
  let uploadsInWindow = 0;
  let upBytesInWindow = 0;
  let downBytesInWindow = 0;
  let failed = 0;
  let mismatches = 0;
  let clientCpuUs = 0;
  /** @type {Promise<void>[]} */
  let loops = [];
  const base = contender.baseUrl;
  const count = (/** @type {string} */ key) => (statuses[key] = (statuses[key] ?? 0) + 1);
  const mismatch = (/** @type {string} */ what) => {
    mismatches++;
    if (samples.length < 3) samples.push(what);
  };

  /** @param {number} i @param {{t0Us: number, windowStartUs: number, windowEndUs: number}} clock */
  async function loop(i, clock) {
    const token = tokens[i % tokens.length];
    const inWindow = (/** @type {number} */ t) => t >= clock.windowStartUs && t < clock.windowEndUs;
    await sleep(Math.max(0, (clock.t0Us - nowUs()) / 1000));
    while (nowUs() < clock.windowEndUs) {
      const p = source.next();
      const form = new FormData();
      form.append('file', p.bytes, p.name);
      /** @type {Attachment} */
      let attachment;
      const t1 = nowUs();
      try {
        const res = await fetch(`${base}/api/uploads`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: form,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        const t2 = nowUs();
        count(`up ${res.status}`);
        if (res.status !== 201) {
          failed++;
          if (samples.length < 3) samples.push(`${res.status} ${text.slice(0, 120)}`);
          await sleep(10);
          continue;
        }
        uploads++;
        attachment = JSON.parse(text);
        if (inWindow(t2)) {
          uploadsInWindow++;
          upBytesInWindow += p.size;
          record(uploadLatency, t2 - t1);
        }
      } catch (err) {
        count(`up ${/** @type {Error} */ (err).name}`);
        failed++;
        await sleep(10);
        continue;
      }
      if (attachment.kind !== source.kind) mismatch(`kind ${attachment.kind}, not ${source.kind}`);
      if (source.kind === 'file' && attachment.size !== p.size)
        mismatch(`size ${attachment.size}, not ${p.size}`);
      const t3 = nowUs();
      try {
        // No Authorization header: the signature in the url is the permission.
        const res = await fetch(`${base}${attachment.url}`, {
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const body = Buffer.from(await res.arrayBuffer());
        const t4 = nowUs();
        count(`down ${res.status}`);
        if (res.status !== 200) {
          failed++;
          continue;
        }
        downloads++;
        if (inWindow(t4)) {
          downBytesInWindow += body.length;
          record(downloadLatency, t4 - t3);
        }
        const got = createHash('sha256').update(body).digest('hex');
        // A file comes back as sent; an image re-encoded: then its bytes are those its ETag names.
        const want = p.sha256 ?? (res.headers.get('etag') ?? '').replaceAll('"', '');
        if (got !== want)
          mismatch(`#${attachment.id}: sha256 ${got.slice(0, 12)}…, not ${want.slice(0, 12)}…`);
        if (body.length !== attachment.size)
          mismatch(
            `#${attachment.id}: ${body.length} bytes, the attachment says ${attachment.size}`,
          );
        if (source.kind === 'image' && res.headers.get('content-type') !== 'image/png')
          mismatch(`#${attachment.id}: served as ${res.headers.get('content-type')}`);
      } catch (err) {
        count(`down ${/** @type {Error} */ (err).name}`);
        failed++;
      }
    }
  }

  return {
    /** @param {{t0Us: number, windowStartUs: number, windowEndUs: number}} clock */
    start(clock) {
      loops = Array.from({ length: uploaders }, (_, i) => loop(i, clock));
      // This process's CPU in the window: the uploaders share the load core with the generators.
      let cpu0 = process.cpuUsage();
      setTimeout(
        () => (cpu0 = process.cpuUsage()),
        Math.max(0, (clock.windowStartUs - nowUs()) / 1000),
      );
      setTimeout(
        () => {
          const d = process.cpuUsage(cpu0);
          clientCpuUs = d.user + d.system;
        },
        Math.max(0, (clock.windowEndUs - nowUs()) / 1000),
      );
    },
    /** Resolves once every uploader finished its last round trip. */
    async done() {
      await Promise.allSettled(loops);
      return {
        uploads,
        downloads,
        uploadsInWindow,
        upBytesInWindow,
        downBytesInWindow,
        uploadLatency: summarise(uploadLatency),
        downloadLatency: summarise(downloadLatency),
        statuses,
        failed,
        mismatches,
        samples,
        clientCpuUs,
      };
    },
  };
}

/** 1 MB of random bytes per upload, each unique (a numbered text header), kind `file`. */
function fileSource() {
  const noise = randomBytes(FILE_BYTES - HEADER_BYTES);
  let n = 0;
  return {
    kind: /** @type {const} */ ('file'),
    next() {
      n++;
      const header = Buffer.alloc(HEADER_BYTES, 0x20);
      header.write(`fadmann bench upload ${n} ${randomBytes(8).toString('hex')}\n`);
      const sha256 = createHash('sha256').update(header).update(noise).digest('hex');
      return {
        bytes: new Blob([header, noise], { type: 'application/octet-stream' }),
        size: FILE_BYTES,
        name: `bench-${n}.bin`,
        type: 'application/octet-stream',
        sha256,
      };
    },
  };
}

/** @type {Buffer[]} PNGs of noise, made once per run (sharp encodes them here, not in the server). */
const pngs = [];

/** `n` distinct PNGs of about 1 MB each. @param {number} n */
async function pngPool(n) {
  if (pngs.length >= n) return pngs.slice(0, n);
  const { default: sharp } = await import('sharp');
  while (pngs.length < n) {
    const raw = randomBytes(PNG_SIDE * PNG_SIDE * 3);
    pngs.push(
      await sharp(raw, { raw: { width: PNG_SIDE, height: PNG_SIDE, channels: 3 } })
        .png({ compressionLevel: 1 })
        .toBuffer(),
    );
  }
  return pngs.slice(0, n);
}

/** The pool's PNGs in turn (the server re-encodes them: the download is checked against its ETag). @param {Buffer[]} pool */
function pngSource(pool) {
  let n = 0;
  return {
    kind: /** @type {const} */ ('image'),
    next() {
      const png = pool[n++ % pool.length];
      return {
        bytes: new Blob([png], { type: 'image/png' }),
        size: png.length,
        name: `bench-${n}.png`,
        type: 'image/png',
        sha256: null,
      };
    },
  };
}

/** The server's RSS, sampled every 50 ms until stopped; answers the peak in bytes. @param {number} pid */
function rssPeak(pid) {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    const now = rssBytes(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, RSS_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
