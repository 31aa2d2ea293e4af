import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

import sharp from 'sharp';

/**
 * The files the upload specs send, all made in code (no binary file is committed): real
 * images by sharp, and minimal containers (Ogg Opus, WebM, PDF, PNG header) by hand, each
 * just correct enough for `file-type` to recognise it (fixtures.e2e-spec.ts checks that).
 */

export interface Fixture {
  buffer: Buffer;
  /** The file name the client sends. */
  name: string;
  /** The part's Content-Type the client sends. */
  contentType: string;
}

/** A PNG of width × height, a red to blue gradient (so that re-encoding has work to do). */
export async function png(width = 640, height = 480, name = 'photo.png'): Promise<Fixture> {
  const buffer = await sharp(gradient(width, height), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
  return { buffer, name, contentType: 'image/png' };
}

/** A JPEG without metadata. */
export async function jpeg(width = 320, height = 200, name = 'picture.jpg'): Promise<Fixture> {
  const buffer = await sharp(gradient(width, height), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
  return { buffer, name, contentType: 'image/jpeg' };
}

export const EXIF_SECRET = 'secret-copyright-of-the-fixture';

/**
 * A JPEG of width × height pixels as stored, with EXIF (a copyright, a camera, GPS
 * coordinates) and an EXIF orientation: 6 means "rotate 90° clockwise to display", so the
 * image shows height × width once the orientation is applied.
 */
export async function jpegWithExif(
  width = 300,
  height = 100,
  orientation = 6,
  name = 'holiday.jpg',
): Promise<Fixture> {
  const buffer = await sharp(gradient(width, height), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .withMetadata({ orientation })
    .withExif({
      IFD0: { Copyright: EXIF_SECRET, Make: 'FixtureCam', Model: 'Leaky 3000' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2940/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 17/1 4000/100',
      },
    })
    .toBuffer();
  return { buffer, name, contentType: 'image/jpeg' };
}

function gradient(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = Math.round((255 * x) / Math.max(1, width - 1));
      pixels[at + 1] = (x * y) % 256;
      pixels[at + 2] = Math.round((255 * y) / Math.max(1, height - 1));
    }
  }
  return pixels;
}

// ---------------------------------------------------------------------------------------
// PNG by hand: a header that claims any size, and a tiny IDAT (never decoded).

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A PNG whose IHDR says width × height (RGB, 8 bits) with an IDAT of a few bytes: its
 * header is valid (CRCs right), its pixel data is not. 8000 × 7500 is 60 megapixels, over
 * the 50-megapixel limit; decoding it would need 180 MB.
 */
export function hugePngHeader(width = 8000, height = 7500, name = 'huge.png'): Fixture {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  const idat = deflateSync(Buffer.alloc(64)); // one short row of zeros: far from enough
  const buffer = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return { buffer, name, contentType: 'image/png' };
}

// ---------------------------------------------------------------------------------------
// Ogg Opus by hand.

const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let crc = index << 24;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    }
    table[index] = crc >>> 0;
  }
  return table;
})();

/** Ogg's CRC-32 (polynomial 0x04c11db7, not reflected, initial 0, no final xor). */
function oggCrc(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  }
  return crc >>> 0;
}

function oggPage(
  packet: Buffer,
  { sequence, granule, headerType }: { sequence: number; granule: bigint; headerType: number },
): Buffer {
  const segments: number[] = [];
  let left = packet.length;
  while (left >= 255) {
    segments.push(255);
    left -= 255;
  }
  segments.push(left);
  const header = Buffer.alloc(27 + segments.length);
  header.write('OggS', 0, 'latin1');
  header[4] = 0; // version
  header[5] = headerType;
  header.writeBigUInt64LE(granule, 6);
  header.writeUInt32LE(0x0f1c5e11, 14); // stream serial number
  header.writeUInt32LE(sequence, 18);
  header.writeUInt32LE(0, 22); // CRC, filled below
  header[26] = segments.length;
  segments.forEach((size, index) => (header[27 + index] = size));
  const page = Buffer.concat([header, packet]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/**
 * A minimal Ogg Opus stream: the OpusHead page (BOS), the OpusTags page and one audio page
 * of silent 20 ms frames (Opus TOC 0xf8 with no payload is a silent CELT frame).
 */
export function oggOpus(name = 'voice.ogg', frames = 50): Fixture {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1; // version
  head[9] = 1; // channels
  head.writeUInt16LE(312, 10); // pre-skip
  head.writeUInt32LE(48000, 12); // input sample rate
  head.writeInt16LE(0, 16); // output gain
  head[18] = 0; // mapping family
  const vendor = Buffer.from('fixtures', 'latin1');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendor.length);
  // One packet per page keeps the lacing simple: a page per 20 ms frame.
  const audio: Buffer[] = [];
  for (let index = 0; index < frames; index++) {
    audio.push(
      oggPage(Buffer.from([0xf8, 0xff, 0xfe]), {
        sequence: 2 + index,
        granule: BigInt(312 + 960 * (index + 1)),
        headerType: index === frames - 1 ? 0x04 : 0,
      }),
    );
  }
  const buffer = Buffer.concat([
    oggPage(head, { sequence: 0, granule: 0n, headerType: 0x02 }),
    oggPage(tags, { sequence: 1, granule: 0n, headerType: 0 }),
    ...audio,
  ]);
  return { buffer, name, contentType: 'audio/ogg' };
}

// ---------------------------------------------------------------------------------------
// WebM by hand: an EBML header with DocType webm, and an empty Segment.

function ebmlSize(size: number): Buffer {
  // 8-byte size field: 0x01 then 7 bytes big-endian.
  const field = Buffer.alloc(8);
  field[0] = 0x01;
  field.writeUIntBE(size, 2, 6);
  return field;
}

function ebmlElement(id: number[], data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id), ebmlSize(data.length), data]);
}

const uint = (value: number) => Buffer.from([value]);

export function webm(name = 'voice.webm', contentType = 'audio/webm'): Fixture {
  const header = ebmlElement(
    [0x1a, 0x45, 0xdf, 0xa3],
    Buffer.concat([
      ebmlElement([0x42, 0x86], uint(1)), // EBMLVersion
      ebmlElement([0x42, 0xf7], uint(1)), // EBMLReadVersion
      ebmlElement([0x42, 0xf2], uint(4)), // EBMLMaxIDLength
      ebmlElement([0x42, 0xf3], uint(8)), // EBMLMaxSizeLength
      ebmlElement([0x42, 0x82], Buffer.from('webm', 'latin1')), // DocType
      ebmlElement([0x42, 0x87], uint(4)), // DocTypeVersion
      ebmlElement([0x42, 0x85], uint(2)), // DocTypeReadVersion
    ]),
  );
  const info = ebmlElement(
    [0x15, 0x49, 0xa9, 0x66],
    ebmlElement([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40])), // TimecodeScale 1 ms
  );
  const segment = ebmlElement([0x18, 0x53, 0x80, 0x67], info);
  return { buffer: Buffer.concat([header, segment]), name, contentType };
}

// ---------------------------------------------------------------------------------------
// Other files.

export function pdf(name = 'report.pdf', note = 'fixture'): Fixture {
  const body = [
    '%PDF-1.4',
    '%\xe2\xe3\xcf\xd3',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    `% ${note}`,
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n');
  return { buffer: Buffer.from(body, 'latin1'), name, contentType: 'application/pdf' };
}

export function text(name = 'notes.txt', contentType = 'text/plain'): Fixture {
  return {
    buffer: Buffer.from('Just some words.\nNothing else.\n', 'utf8'),
    name,
    contentType,
  };
}

/** Text that claims to be a PNG by its name and its Content-Type. */
export const textAsPng = (): Fixture => text('photo.png', 'image/png');

export function html(name = 'page.html'): Fixture {
  return {
    buffer: Buffer.from(
      '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n',
    ),
    name,
    contentType: 'text/html',
  };
}

export function svg(name = 'drawing.svg'): Fixture {
  return {
    buffer: Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' +
        '<script>alert(1)</script><rect width="10" height="10"/></svg>\n',
    ),
    name,
    contentType: 'image/svg+xml',
  };
}

/** Random bytes (incompressible, recognised as nothing). */
export function randomFile(size: number, name = 'blob.bin'): Fixture {
  return { buffer: randomBytes(size), name, contentType: 'application/octet-stream' };
}
