import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

import { MAX_INT32 } from './int32.js';

/**
 * A path id: a positive integer, so that "-1", "1.5" and "abc" are 400s, not lookups.
 * The global ValidationPipe may already have turned the string into a number (or NaN).
 */
@Injectable()
export class IdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const id = Number(value);
    if (!/^[1-9]\d*$/.test(String(value)) || id > MAX_INT32) {
      throw new BadRequestException('id must be a positive integer');
    }
    return id;
  }
}
