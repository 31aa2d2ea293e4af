import { Injectable, Logger } from '@nestjs/common';

import { UploadRepository } from './upload-repository.js';
import { Storage } from './storage.js';

/** A finished temporary file and the hash it is kept under. */
export interface FileToKeep {
  temporary: string;
  sha256: string;
}

/**
 * The files behind upload rows, kept once per content: a file is kept with the row that
 * holds it and removed when no row holds it any more. Both happen under a lock per hash,
 * so that a removal never takes the file of an upload being stored at the same moment.
 */
@Injectable()
export class UploadFiles {
  private readonly logger = new Logger(UploadFiles.name);
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly storage: Storage,
    private readonly repository: UploadRepository,
  ) {}

  /** Keeps the files, then stores the row that holds them (`insert`), answering its id. */
  store(files: FileToKeep[], insert: () => Promise<number>): Promise<number> {
    return this.lockedAll(
      files.map(({ sha256 }) => sha256),
      async () => {
        for (const { temporary, sha256 } of files) await this.storage.keep(temporary, sha256);
        return insert();
      },
    );
  }

  /** Removes each file that no upload holds any more (the rows holding them were removed). */
  async release(hashes: string[]): Promise<void> {
    for (const sha256 of new Set(hashes)) {
      try {
        await this.locked(sha256, async () => {
          if (!(await this.repository.holds(sha256))) await this.storage.remove(sha256);
        });
      } catch (error) {
        this.logger.error(error, `could not remove the file ${sha256}`);
      }
    }
  }

  private lockedAll<T>(hashes: string[], work: () => Promise<T>): Promise<T> {
    // Taken in one order, so that two callers never wait on each other in a cycle.
    const [first, ...rest] = [...new Set(hashes)].sort();
    if (first === undefined) return work();
    return this.locked(first, () => this.lockedAll(rest, work));
  }

  private locked<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    const run = (this.locks.get(sha256) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    this.locks.set(sha256, tail);
    void tail.then(() => {
      if (this.locks.get(sha256) === tail) this.locks.delete(sha256);
    });
    return run;
  }
}
