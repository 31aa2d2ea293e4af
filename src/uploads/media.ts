import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';

import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import type { FormatEnum, Metadata, OutputInfo, Sharp } from 'sharp';

import type { AttachmentKind } from '../contract/messages.js';
import { MAX_IMAGE_PIXELS, THUMBNAIL_MAX_PX } from '../contract/uploads.js';
import { UploadError } from './upload-error.js';

type Family = 'image' | 'audio' | 'video';

/** What the bytes are, as found from them (file-type), and how the file will be kept. */
export interface Inspected {
  kind: AttachmentKind;
  mimeType: string;
}

/** Images shown in the page: re-encoded without metadata, with a thumbnail. */
const SHOWN_IMAGES = new Set(['jpg', 'png', 'gif', 'webp', 'avif']);
/** Containers that hold audio or video alike: the claim tells which this one is. */
const AV_CONTAINERS = new Set(['webm', 'mp4', 'm4a', 'mkv', 'ogg', 'oga', 'ogv', 'opus', 'mov']);
const VOICE_CONTAINERS: Record<string, string> = {
  webm: 'audio/webm',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
};
const EXTENSION_FAMILY: Record<string, Family> = Object.fromEntries([
  ...[
    'png',
    'jpg',
    'jpeg',
    'jfif',
    'gif',
    'webp',
    'avif',
    'bmp',
    'tif',
    'tiff',
    'heic',
    'heif',
    'ico',
  ].map((ext) => [ext, 'image']),
  ...['mp3', 'ogg', 'oga', 'opus', 'wav', 'flac', 'm4a', 'aac', 'weba'].map((ext) => [
    ext,
    'audio',
  ]),
  ...['mp4', 'webm', 'mov', 'mkv', 'avi', 'ogv', 'm4v'].map((ext) => [ext, 'video']),
]) as Record<string, Family>;

/**
 * The kind and type of a received file, from its bytes. A name or a Content-Type that
 * claims an image, audio or video must be borne out by the bytes (415 otherwise); SVG and
 * HTML are never images here, they are files (downloaded, never shown).
 */
export async function inspect(
  path: string,
  claim: { filename: string; type: string },
  voice: boolean,
): Promise<Inspected> {
  const found = await fileTypeFromFile(path);
  const family = familyOf(found?.mime);
  const claimed = claimedFamily(claim.filename, claim.type);
  const name = claim.filename || 'the file';
  if (voice) {
    const mimeType = found ? VOICE_CONTAINERS[found.ext] : undefined;
    if (!mimeType) {
      throw new UploadError(
        'unsupported',
        `${name}: a voice message must be Opus audio in WebM or Ogg`,
      );
    }
    return { kind: 'voice', mimeType };
  }
  if (claimed !== null && !compatible(claimed, family)) {
    throw new UploadError('unsupported', `${name} is not the ${claimed} its name or type says`);
  }
  if (!found || family === null) {
    return { kind: 'file', mimeType: found?.mime ?? 'application/octet-stream' };
  }
  if (family === 'image') {
    return SHOWN_IMAGES.has(found.ext)
      ? { kind: 'image', mimeType: found.mime }
      : { kind: 'file', mimeType: found.mime };
  }
  if (AV_CONTAINERS.has(found.ext) && claimed !== null && claimed !== family) {
    // A WebM or MP4 sent as audio is audio: the container alone cannot tell.
    return {
      kind: claimed as 'audio' | 'video',
      mimeType: `${claimed}/${found.mime.split('/')[1].split(';')[0]}`,
    };
  }
  return { kind: family, mimeType: found.mime };
}

export interface ProcessedImage {
  width: number;
  height: number;
}

/**
 * Re-encodes an image in its own format without its metadata (EXIF, GPS, XMP), turned as
 * its EXIF orientation said, and makes a WebP thumbnail of at most THUMBNAIL_MAX_PX. The
 * size is read from the header first: past MAX_IMAGE_PIXELS it is refused undecoded.
 */
export async function processImage(
  source: string,
  target: string,
  thumbnail: string,
): Promise<ProcessedImage> {
  const options = { limitInputPixels: MAX_IMAGE_PIXELS, animated: true };
  let metadata: Metadata;
  try {
    metadata = await sharp(source, options).metadata();
  } catch {
    throw new UploadError('unsupported', 'The image cannot be read');
  }
  const { width = 0, height = 0, format } = metadata;
  if (width * height > MAX_IMAGE_PIXELS || width * height === 0) {
    throw new UploadError(
      'unsupported',
      `The image has ${width}×${height} pixels; at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are accepted`,
    );
  }
  try {
    const output = await encode(sharp(source, options).autoOrient(), format).toFile(target);
    await sharp(target, { limitInputPixels: MAX_IMAGE_PIXELS })
      .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(thumbnail);
    // An animation's frames are stacked: its height is one frame's.
    const { pageHeight } = output as OutputInfo & { pageHeight?: number };
    return { width: output.width, height: pageHeight ?? output.height };
  } catch {
    throw new UploadError('unsupported', 'The image cannot be read');
  }
}

/**
 * In the image's own format: lossy ones at a high quality, PNG and GIF as they are (a
 * `quality` there would quantise the palette, slowly and visibly). AVIF reads as HEIF.
 */
function encode(image: Sharp, format: Metadata['format']): Sharp {
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 90 });
    case 'webp':
      return image.webp({ quality: 90 });
    case 'heif':
      return image.avif({ quality: 70 });
    default:
      return image.toFormat(format as keyof FormatEnum);
  }
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The file's name as shown: no folders, no control characters, at most 255 characters. */
export function cleanName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return Array.from(clean).slice(0, 255).join('') || 'file';
}

function familyOf(mime: string | undefined): Family | null {
  const top = mime?.split('/')[0];
  return top === 'image' || top === 'audio' || top === 'video' ? top : null;
}

function claimedFamily(filename: string, type: string): Family | null {
  const ext = extname(filename).slice(1).toLowerCase();
  if (ext === 'svg' || type.startsWith('image/svg')) return null;
  return familyOf(type) ?? EXTENSION_FAMILY[ext] ?? null;
}

/** Audio and video share containers: either satisfies a claim of the other. */
function compatible(claimed: Family, found: Family | null): boolean {
  if (found === null) return false;
  return claimed === 'image' ? found === 'image' : found !== 'image';
}
