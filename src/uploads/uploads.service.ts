import { stat, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';

import { Injectable } from '@nestjs/common';

import { SharedRateLimits } from '../broadcast/shared-rate-limits.js';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../common/auth-user.js';
import { AppConfig } from '../config/app-config.js';
import type { Attachment } from '../contract/messages.js';
import { INLINE_KINDS, MAX_VOICE_MS, MAX_WAVEFORM_LENGTH } from '../contract/uploads.js';
import { cleanName, inspect, processImage, sha256Of } from './media.js';
import { receiveMultipart } from './multipart.js';
import { FileToKeep, UploadFiles } from './upload-files.js';
import { toStored, UploadRepository } from './upload-repository.js';
import { UploadUrls, UploadVariant } from './upload-urls.js';
import { Storage } from './storage.js';

/** How a file is answered: where its bytes are and the headers that say what they are. */
export interface Served {
  path: string;
  mimeType: string;
  sha256: string;
  name: string;
  inline: boolean;
}

interface Voice {
  durationMs: number;
  waveform: number[];
}

const FIELDS = ['kind', 'durationMs', 'waveform'] as const;

/**
 * Uploads: received streamed to disk, judged by their bytes (an image re-encoded without
 * its metadata, with a thumbnail), kept once per content, and served to whoever holds a
 * signed URL. Attaching them is the timeline writer's (a message's rule).
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly config: AppConfig,
    private readonly storage: Storage,
    private readonly files: UploadFiles,
    private readonly repository: UploadRepository,
    private readonly urls: UploadUrls,
    private readonly limits: SharedRateLimits,
  ) {}

  async upload(user: AuthUser, request: IncomingMessage): Promise<Attachment> {
    const retryAfterMs = await this.limits.take('uploads', user.id, this.config.uploadRate);
    if (retryAfterMs > 0) {
      throw new AppError('rate_limited', 'Too many uploads; retry later', retryAfterMs);
    }
    const { file, fields } = await receiveMultipart(request, {
      maxBytes: this.config.uploadMaxBytes,
      fields: FIELDS,
      temporary: () => this.storage.temporary(),
    });
    const temporaries = [file.path];
    try {
      const voice = voiceOf(fields);
      const name = cleanName(file.filename);
      const { kind, mimeType } = await inspect(
        file.path,
        { filename: file.filename, type: file.claimedType },
        voice !== null,
      );
      const keep: FileToKeep[] = [];
      let content = { sha256: file.sha256, size: file.size };
      let size: { width: number; height: number } | null = null;
      if (kind === 'image') {
        const image = this.storage.temporary();
        const thumbnail = this.storage.temporary();
        temporaries.push(image, thumbnail);
        size = await processImage(file.path, image, thumbnail);
        content = { sha256: await sha256Of(image), size: (await stat(image)).size };
        keep.push({ temporary: image, sha256: content.sha256 });
        keep.push({ temporary: thumbnail, sha256: await sha256Of(thumbnail) });
      } else {
        keep.push({ temporary: file.path, sha256: file.sha256 });
      }
      const row = {
        uploaderId: user.id,
        kind,
        name,
        mimeType,
        size: content.size,
        width: size?.width ?? null,
        height: size?.height ?? null,
        durationMs: voice?.durationMs ?? null,
        waveform: voice === null ? null : JSON.stringify(voice.waveform),
        sha256: content.sha256,
        thumbSha256: keep[1]?.sha256 ?? null,
        createdAt: new Date(),
      };
      const id = await this.files.store(keep, () => this.repository.insert(row));
      return this.urls.attachment(toStored({ ...row, id, messageId: null }));
    } finally {
      // Whatever was not moved into the store (a refusal, an image's original).
      await Promise.all(temporaries.map((path) => rm(path, { force: true })));
    }
  }

  /** The file a signed URL names, or `not_found` for a missing, wrong or expired signature. */
  async serve(
    id: number,
    variant: UploadVariant,
    expires: unknown,
    signature: unknown,
  ): Promise<Served> {
    const notFound = new AppError('not_found', 'No such file');
    if (!this.urls.verify(id, variant, expires, signature)) throw notFound;
    const row = await this.repository.byId(id);
    if (!row) throw notFound;
    const thumbnail = variant === 'thumbnail';
    const sha256 = thumbnail ? row.thumbSha256 : row.sha256;
    if (sha256 === null) throw notFound;
    return {
      path: this.storage.pathOf(sha256),
      mimeType: thumbnail ? 'image/webp' : row.mimeType,
      sha256,
      name: thumbnail ? `${row.name}.webp` : row.name,
      inline: (INLINE_KINDS as readonly string[]).includes(row.kind),
    };
  }
}

/** kind=voice with its duration and waveform, or null; 400 naming the field otherwise. */
function voiceOf(fields: Map<string, string>): Voice | null {
  const kind = fields.get('kind');
  if (kind !== undefined && kind !== 'voice') {
    throw new AppError('invalid', 'kind must be voice, or absent');
  }
  if (kind === undefined) {
    for (const name of ['durationMs', 'waveform']) {
      if (fields.has(name)) throw new AppError('invalid', `${name} is only for kind=voice`);
    }
    return null;
  }
  const durationMs = Number(fields.get('durationMs'));
  if (
    !/^\d+$/.test(fields.get('durationMs') ?? '') ||
    durationMs < 1 ||
    durationMs > MAX_VOICE_MS
  ) {
    throw new AppError('invalid', `durationMs must be an integer from 1 to ${MAX_VOICE_MS}`);
  }
  const badWaveform = new AppError(
    'invalid',
    `waveform must be a JSON array of 1 to ${MAX_WAVEFORM_LENGTH} integers from 0 to 255`,
  );
  let waveform: unknown;
  try {
    waveform = JSON.parse(fields.get('waveform') ?? '');
  } catch {
    throw badWaveform;
  }
  if (
    !Array.isArray(waveform) ||
    waveform.length < 1 ||
    waveform.length > MAX_WAVEFORM_LENGTH ||
    !waveform.every((level) => Number.isInteger(level) && level >= 0 && level <= 255)
  ) {
    throw badWaveform;
  }
  return { durationMs, waveform: waveform as number[] };
}
