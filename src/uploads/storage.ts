import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import { Injectable } from '@nestjs/common';

import { AppConfig } from '../config/app-config.js';

/**
 * Where uploaded bytes live, content-addressed: a file is kept once under its SHA-256,
 * written first to a temporary file of the store's own (so a half-received upload is never
 * under a hash) and moved into place when complete.
 */
export abstract class Storage {
  /** A new temporary file's path, for a stream to write to. */
  abstract temporary(): string;
  /** Moves a complete temporary file under its hash (a copy already there is kept). */
  abstract keep(temporary: string, sha256: string): Promise<void>;
  /** The local path of a kept file, to be streamed with Range support. */
  abstract pathOf(sha256: string): string;
  abstract remove(sha256: string): Promise<void>;
  /** Removes temporary files older than `before` (left by a crash); answers how many. */
  abstract sweepTemporary(before: Date): Promise<number>;
}

/** UPLOAD_DIR/ab/cd/abcd…, and UPLOAD_DIR/tmp for what is being received. */
@Injectable()
export class LocalDiskStorage extends Storage {
  private readonly root: string;
  private readonly tmp: string;

  constructor(config: AppConfig) {
    super();
    this.root = config.uploadDir;
    this.tmp = join(this.root, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
  }

  temporary(): string {
    return join(this.tmp, randomUUID());
  }

  async keep(temporary: string, sha256: string): Promise<void> {
    const path = this.pathOf(sha256);
    const kept = await stat(path).then(
      () => true,
      () => false,
    );
    if (kept) {
      await unlink(temporary);
      return;
    }
    mkdirSync(join(path, '..'), { recursive: true });
    await rename(temporary, path);
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async sweepTemporary(before: Date): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmp)) {
      const path = join(this.tmp, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtime < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
