import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { join, relative } from 'node:path';

import request from 'supertest';

import type { TestApp } from '../support/create-app.js';
import type { TestUser } from '../support/factories.js';
import type { Fixture } from './fixtures.js';

/** A form field: [name, value], sent in this order (before the file unless `after`). */
export type Field = [string, string | number];

export interface UploadOptions {
  /** Fields sent before the file part. */
  before?: Field[];
  /** Fields sent after the file part. */
  after?: Field[];
}

/** The text fields of a voice message. */
export function voiceFields(durationMs: number | string, waveform: number[] | string): Field[] {
  return [
    ['kind', 'voice'],
    ['durationMs', durationMs],
    ['waveform', typeof waveform === 'string' ? waveform : JSON.stringify(waveform)],
  ];
}

/** Collects a response body as a Buffer whatever its type. */
export function binary(
  response: http.IncomingMessage,
  callback: (error: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
  response.on('error', (error) => callback(error, Buffer.alloc(0)));
}

export function uploadsApi(app: TestApp) {
  const api = {
    /** POST /api/uploads with these files (none, one or several) and fields. */
    upload(user: TestUser | null, files: Fixture | Fixture[] | null, options: UploadOptions = {}) {
      let test = request(app.url).post('/api/uploads');
      if (user) test = test.set('Authorization', user.auth);
      for (const [name, value] of options.before ?? []) test = test.field(name, String(value));
      const list = files === null ? [] : Array.isArray(files) ? files : [files];
      for (const file of list) {
        test = test.attach('file', file.buffer, {
          filename: file.name,
          contentType: file.contentType,
        });
      }
      for (const [name, value] of options.after ?? []) test = test.field(name, String(value));
      return test;
    },
    /** A voice upload: the fields first. */
    voice(user: TestUser, file: Fixture, durationMs: number, waveform: number[]) {
      return api.upload(user, file, { before: voiceFields(durationMs, waveform) });
    },
    /** GET of a (relative) URL, the body as a Buffer. */
    get(url: string, headers: Record<string, string> = {}) {
      let test = request(app.url)
        .get(url)
        .buffer(true)
        .parse(binary as unknown as Parameters<request.Test['parse']>[0]);
      for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
      return test;
    },
  };
  return api;
}

export type UploadsApi = ReturnType<typeof uploadsApi>;

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, as paths relative to it, sorted ([] when dir does not exist). */
export function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}

/** Where the content-addressed store keeps bytes of this hash. */
export const storedPath = (uploadDir: string, hash: string) =>
  join(uploadDir, hash.slice(0, 2), hash.slice(2, 4), hash);

export const CONTENT_URL = /^\/api\/uploads\/(\d+)\/content\?expires=(\d+)&signature=([\w-]+)$/;
export const THUMBNAIL_URL = /^\/api\/uploads\/(\d+)\/thumbnail\?expires=(\d+)&signature=([\w-]+)$/;

/** The parts of a signed URL. */
export function parseUrl(url: string) {
  const parsed = new URL(url, 'http://host');
  const [, , , id, variant] = parsed.pathname.split('/');
  return {
    id: Number(id),
    variant,
    expires: parsed.searchParams.get('expires')!,
    signature: parsed.searchParams.get('signature')!,
  };
}

export const buildUrl = (id: number | string, variant: string, query: Record<string, string>) =>
  `/api/uploads/${id}/${variant}?${new URLSearchParams(query).toString()}`;

/** The `message` field of a refusal, as text (validation answers an array). */
export const messageOf = (response: request.Response) => JSON.stringify(response.body.message);

/**
 * Streams a multipart upload of `total` random-ish bytes through node:http, `chunk` at a
 * time, honouring back-pressure, and stops writing once the server has answered (it may
 * answer before the body is over). Resolves with the status, the JSON body (if any) and how
 * many bytes were written.
 */
export function streamUpload(
  app: TestApp,
  user: TestUser,
  total: number,
  {
    chunk = 64 * 1024,
    name = 'big.bin',
    contentType = 'application/octet-stream',
    /** Without Content-Length: the body comes chunked, its size unknown until its end. */
    chunked = false,
  } = {},
): Promise<{ status: number; body: unknown; written: number }> {
  const boundary = `----fixture${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL('/api/uploads', app.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    let written = 0;
    const req = http.request(url, {
      method: 'POST',
      headers: {
        Authorization: user.auth,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        ...(chunked ? {} : { 'Content-Length': String(head.length + total + tail.length) }),
      },
    });
    req.on('response', (response) => {
      answered = true;
      binary(response, (error, body) => {
        if (error) return reject(error);
        let json: unknown;
        try {
          json = JSON.parse(body.toString());
        } catch {
          json = body.toString();
        }
        resolve({ status: response.statusCode ?? 0, body: json, written });
      });
    });
    // The server may close the connection while we write: that is its right after a 413.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const piece = Buffer.alloc(chunk, 0x5a);
    const write = () => {
      if (answered) return;
      if (written === 0) req.write(head);
      while (written < total && !answered) {
        const size = Math.min(chunk, total - written);
        written += size;
        if (!req.write(size === chunk ? piece : piece.subarray(0, size))) {
          req.once('drain', write);
          return;
        }
      }
      if (written >= total && !answered) req.end(tail);
    };
    write();
  });
}

/** Polls until `check` holds, up to timeoutMs; then answers whether it held. */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
