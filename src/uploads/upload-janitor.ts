import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { UploadFiles } from './upload-files.js';
import { UploadRepository } from './upload-repository.js';
import { Storage } from './storage.js';

const HOUR_MS = 3_600_000;
/** Uploads never attached live this long. */
const UNATTACHED_MS = 24 * HOUR_MS;
/** A temporary file this old was left by a crash. */
const TEMPORARY_MS = HOUR_MS;
const EVERY_MS = 10 * 60_000;
const ROWS_PER_ROUND = 500;

/** Removes uploads never attached after a day, and temporary files a crash left. */
@Injectable()
export class UploadJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UploadJanitor.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: UploadRepository,
    private readonly files: UploadFiles,
    private readonly storage: Storage,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.error(error, 'upload sweep failed'));
    }, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One sweep as of `now`: how many uploads and temporary files it removed. */
  async sweep(now = new Date()): Promise<{ uploads: number; temporary: number }> {
    let uploads = 0;
    for (;;) {
      const { count, hashes } = await this.repository.removeUnattached(
        new Date(now.getTime() - UNATTACHED_MS),
        ROWS_PER_ROUND,
      );
      await this.files.release(hashes);
      uploads += count;
      if (count < ROWS_PER_ROUND) break;
    }
    const temporary = await this.storage.sweepTemporary(new Date(now.getTime() - TEMPORARY_MS));
    if (uploads + temporary > 0) {
      this.logger.log(`removed ${uploads} unattached uploads and ${temporary} temporary files`);
    }
    return { uploads, temporary };
  }
}
