import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';

import busboy from 'busboy';

import { AppError } from '../common/app-error.js';
import { UploadError } from './upload-error.js';

/** The one file of an upload request, on disk in a temporary file. */
export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
  /** As the client named it and claimed its type: never trusted for what is served. */
  filename: string;
  claimedType: string;
}

export interface Received {
  file: ReceivedFile;
  fields: Map<string, string>;
}

export interface ReceiveOptions {
  maxBytes: number;
  fields: readonly string[];
  /** A new temporary path for the file. */
  temporary: () => string;
}

const MAX_FIELD_BYTES = 4096;

/** The file being written: where, its streams, and when the file on disk is let go. */
interface Sink {
  path: string;
  streams: { destroy(): void }[];
  closed: Promise<void>;
}

/**
 * Reads a multipart/form-data request with one `file` and a few text fields, streaming the
 * file to a temporary file while hashing it: never the whole file in memory. Past
 * `maxBytes` it stops at once (413) and removes what it wrote; the rest of the request is
 * read and dropped so that the answer reaches the client.
 */
export function receiveMultipart(request: IncomingMessage, options: ReceiveOptions) {
  return new Promise<Received>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // Browsers send file names as UTF-8 (busboy's default is latin1).
        defParamCharset: 'utf8',
        limits: {
          // One byte more than allowed, so that a file of exactly maxBytes is never cut.
          fileSize: options.maxBytes + 1,
          files: 1,
          // More than expected, so that an unexpected one is refused by its name.
          fields: options.fields.length + 8,
          fieldSize: MAX_FIELD_BYTES,
        },
      });
    } catch {
      reject(new AppError('invalid', 'The body must be multipart/form-data with a file'));
      return;
    }
    const fields = new Map<string, string>();
    let file: ReceivedFile | null = null;
    let writing: Promise<void> | null = null;
    let sink: Sink | null = null;
    let failed = false;
    /** The field name of a file that came under another name than `file`. */
    let misplaced: string | null = null;

    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      request.resume();
      const cleanup = sink === null ? Promise.resolve() : closeAndRemove(sink);
      void cleanup.finally(() => reject(error));
    };

    parser.on('file', (name, stream, info) => {
      // A part already buffered when the request was refused is only drained.
      if (failed || name !== 'file') {
        stream.resume();
        if (!failed) misplaced = name;
        return;
      }
      const path = options.temporary();
      const out = createWriteStream(path);
      sink = {
        path,
        streams: [stream, out],
        closed: new Promise<void>((done) => out.once('close', () => done())),
      };
      const hash = createHash('sha256');
      let size = 0;
      const tooLarge = () =>
        fail(
          new UploadError(
            'too_large',
            `File is larger than UPLOAD_MAX_BYTES (${options.maxBytes} bytes)`,
          ),
        );
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) tooLarge();
        else hash.update(chunk);
      });
      stream.on('limit', tooLarge);
      writing = pipeline(stream, out).then(
        () => {
          file = {
            path,
            size,
            sha256: hash.digest('hex'),
            filename: info.filename ?? '',
            claimedType: info.mimeType ?? '',
          };
        },
        (error: Error) => fail(error),
      );
    });
    parser.on('field', (name, value, info) => {
      if (!options.fields.includes(name)) {
        fail(
          new AppError(
            'invalid',
            `${name}: unexpected field (expected file, ${options.fields.join(', ')})`,
          ),
        );
      } else if (fields.has(name)) {
        fail(new AppError('invalid', `${name} is given twice`));
      } else if (info.valueTruncated) {
        fail(new AppError('invalid', `${name} is longer than ${MAX_FIELD_BYTES} bytes`));
      } else fields.set(name, value);
    });
    parser.on('filesLimit', () => fail(new AppError('invalid', 'file: only one file per upload')));
    parser.on('fieldsLimit', () => fail(new AppError('invalid', 'Too many fields')));
    parser.on('error', () => fail(new AppError('invalid', 'The multipart body is malformed')));
    parser.on('close', () => {
      void (writing ?? Promise.resolve()).then(() => {
        if (failed) return;
        if (file === null) {
          const hint = misplaced === null ? '' : ` (a file came as "${misplaced}")`;
          fail(new AppError('invalid', `file is required${hint}`));
          return;
        }
        resolve({ file, fields });
      });
    });
    request.on('aborted', () => fail(new AppError('invalid', 'The upload was interrupted')));
    request.pipe(parser);
  });
}

/** Stops writing the file and removes it once its stream has let go (nothing writes it again). */
async function closeAndRemove(sink: Sink): Promise<void> {
  for (const stream of sink.streams) stream.destroy();
  await sink.closed;
  await rm(sink.path, { force: true });
}
