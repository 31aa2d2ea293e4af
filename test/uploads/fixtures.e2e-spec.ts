import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

import {
  EXIF_SECRET,
  html,
  hugePngHeader,
  jpeg,
  jpegWithExif,
  oggOpus,
  pdf,
  png,
  svg,
  text,
  webm,
} from './fixtures.js';

/** The fixtures are what the upload specs say they are (else those specs prove nothing). */
describe('upload fixtures', () => {
  it('PNG and JPEG are real images of the given size', async () => {
    const picture = await png(640, 480);
    expect(await fileTypeFromBuffer(picture.buffer)).toEqual({ ext: 'png', mime: 'image/png' });
    expect(await sharp(picture.buffer).metadata()).toMatchObject({ width: 640, height: 480 });
    const photo = await jpeg(320, 200);
    expect(await fileTypeFromBuffer(photo.buffer)).toEqual({ ext: 'jpg', mime: 'image/jpeg' });
    expect(await sharp(photo.buffer).metadata()).toMatchObject({ width: 320, height: 200 });
  });

  it('the EXIF JPEG carries the copyright, GPS and orientation 6', async () => {
    const photo = await jpegWithExif(300, 100, 6);
    const metadata = await sharp(photo.buffer).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 300, height: 100, orientation: 6 });
    expect(metadata.exif).toBeDefined();
    expect(metadata.exif!.includes(Buffer.from(EXIF_SECRET))).toBe(true);
    expect(metadata.exif!.includes(Buffer.from('FixtureCam'))).toBe(true);
    // The GPS IFD is there (tag 0x8825 points at it).
    expect(
      photo.buffer.includes(Buffer.from([0x88, 0x25])) ||
        photo.buffer.includes(Buffer.from([0x25, 0x88])),
    ).toBe(true);
    // Once rotated as the orientation says, it shows 100 × 300.
    const shown = await sharp(photo.buffer).rotate().toBuffer({ resolveWithObject: true });
    expect([shown.info.width, shown.info.height]).toEqual([100, 300]);
  });

  it('Ogg Opus is detected as audio/ogg opus', async () => {
    expect(await fileTypeFromBuffer(oggOpus().buffer)).toEqual({
      ext: 'opus',
      mime: 'audio/ogg; codecs=opus',
    });
  });

  it('WebM is detected as webm', async () => {
    expect(await fileTypeFromBuffer(webm().buffer)).toEqual({ ext: 'webm', mime: 'video/webm' });
  });

  it('PDF is detected as a PDF', async () => {
    expect(await fileTypeFromBuffer(pdf().buffer)).toEqual({ ext: 'pdf', mime: 'application/pdf' });
  });

  it('text, HTML and SVG say nothing to file-type', async () => {
    expect(await fileTypeFromBuffer(text().buffer)).toBeUndefined();
    expect(await fileTypeFromBuffer(html().buffer)).toBeUndefined();
    expect(await fileTypeFromBuffer(svg().buffer)).toBeUndefined();
  });

  it('the 60-megapixel PNG has a valid header sharp reads without decoding', async () => {
    const huge = hugePngHeader(8000, 7500);
    expect(huge.buffer.length).toBeLessThan(200);
    expect(await fileTypeFromBuffer(huge.buffer)).toEqual({ ext: 'png', mime: 'image/png' });
    const metadata = await sharp(huge.buffer).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 8000, height: 7500 });
    expect(metadata.width! * metadata.height!).toBe(60_000_000);
  });
});
