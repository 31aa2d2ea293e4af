import { ApiError, NetworkError } from '../api/http';
import { formatSize } from './format';

/** The server's default UPLOAD_MAX_BYTES, for a 413 whose text does not say the limit. */
const DEFAULT_LIMIT_BYTES = 25 * 1024 * 1024;

type Family = 'image' | 'audio' | 'video';

const EXTENSIONS: Record<string, Family> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  avif: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  heic: 'image',
  mp3: 'audio',
  wav: 'audio',
  ogg: 'audio',
  oga: 'audio',
  opus: 'audio',
  m4a: 'audio',
  aac: 'audio',
  flac: 'audio',
  weba: 'audio',
  mp4: 'video',
  webm: 'video',
  mov: 'video',
  mkv: 'video',
  avi: 'video',
  ogv: 'video',
  m4v: 'video',
};

/** What the file claims to be, by its type or, failing that, its extension (as the server reads it). */
export function claimedFamily(name: string, type: string): Family | null {
  const major = type.split('/')[0];
  if ((major === 'image' && type !== 'image/svg+xml') || major === 'audio' || major === 'video')
    return major as Family;
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  return EXTENSIONS[extension] ?? null;
}

/** Why an upload was refused, said plainly, naming the file. */
export function refusalText(name: string, type: string, error: unknown): string {
  if (error instanceof NetworkError)
    return `${name} could not be uploaded: the server cannot be reached. Check your connection and try again.`;
  if (!(error instanceof ApiError))
    return `${name} could not be uploaded${error instanceof Error && error.message ? `: ${error.message}` : '.'}`;
  switch (error.status) {
    case 413:
      return `${name} is too big (the limit is ${formatSize(limitFrom(error.message))})`;
    case 415: {
      if (/pixel/i.test(error.message)) {
        const most = /at most (\d+(?:\.\d+)?) megapixels/i.exec(error.message)?.[1] ?? '50';
        return `${name} is too large an image (at most ${most} megapixels)`;
      }
      const family = claimedFamily(name, type);
      if (family === 'audio' && /voice|opus|ogg|webm/i.test(error.message))
        return `${name} is not an Opus recording (WebM or Ogg)`;
      return family
        ? `${name} is not the ${family} its name says`
        : `${name} is not the kind of file its name says`;
    }
    case 429:
      return error.retryAfterSeconds
        ? `Too many uploads: try again in ${Math.ceil(error.retryAfterSeconds)} s.`
        : 'Too many uploads: try again in a moment.';
    default:
      return `${name} was refused: ${error.message}`;
  }
}

function limitFrom(message: string): number {
  const match = /\((\d+) bytes\)/.exec(message);
  return match ? Number(match[1]) : DEFAULT_LIMIT_BYTES;
}
