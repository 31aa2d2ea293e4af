import { createHmac, timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AppConfig } from '../config/app-config.js';
import type { Attachment } from '../contract/messages.js';
import type { StoredAttachment } from './upload-repository.js';

export type UploadVariant = 'content' | 'thumbnail';

const HOUR_S = 3600;
/** A URL lives at least this long after it was handed out… */
const MIN_LIFETIME_S = 24 * HOUR_S;
/** …and its expiry is rounded up to this, so the same URL repeats for hours (caches hit). */
const EXPIRY_STEP_S = 6 * HOUR_S;

/**
 * Signed, expiring URLs of uploaded files: the signature is the permission, so `<img>` and
 * `<audio>` work without a header. Only code that has checked the reader may read the room
 * (or is the uploader) asks for one.
 */
@Injectable()
export class UploadUrls {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    // A key of its own, derived from the server secret: a URL signature is never a token's.
    this.key = createHmac('sha256', config.jwtSecret).update('fadmann upload urls').digest();
  }

  /** The contract's Attachment, with fresh URLs: for someone who may see it. */
  attachment({ thumbnail, ...stored }: StoredAttachment): Attachment {
    return {
      ...stored,
      url: this.url(stored.id, 'content'),
      ...(thumbnail && { thumbnailUrl: this.url(stored.id, 'thumbnail') }),
    };
  }

  /** `/api/uploads/{id}/{variant}?expires=…&signature=…`; `expiresAt` (unix seconds) for tests. */
  url(id: number, variant: UploadVariant, expiresAt = this.expiry()): string {
    return `/api/uploads/${id}/${variant}?expires=${expiresAt}&signature=${this.sign(id, variant, expiresAt)}`;
  }

  /** Whether the signature is this server's for this file and has not expired. */
  verify(id: number, variant: UploadVariant, expires: unknown, signature: unknown): boolean {
    if (typeof expires !== 'string' || typeof signature !== 'string') return false;
    if (!/^\d{1,12}$/.test(expires)) return false;
    const expiresAt = Number(expires);
    if (expiresAt * 1000 <= Date.now()) return false;
    const expected = Buffer.from(this.sign(id, variant, expiresAt));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private expiry(): number {
    const earliest = Math.floor(Date.now() / 1000) + MIN_LIFETIME_S;
    return Math.ceil(earliest / EXPIRY_STEP_S) * EXPIRY_STEP_S;
  }

  private sign(id: number, variant: UploadVariant, expiresAt: number): string {
    return createHmac('sha256', this.key)
      .update(`${id}/${variant}/${expiresAt}`)
      .digest('base64url');
  }
}
