import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

const MAX_ID = 2 ** 31 - 1;

/** A path id: a positive integer, so that "-1", "1.5" and "abc" are 400s, not lookups. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > MAX_ID) {
      throw new BadRequestException(`id must be a positive integer, got "${value.slice(0, 20)}"`);
    }
    return Number(value);
  }
}
