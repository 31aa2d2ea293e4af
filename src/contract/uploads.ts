/**
 * The limits of uploads and attachments, shared by the server and the SPA.
 * Pure constants only: nothing here may import a module of the server.
 */

/** Attachments one message may carry. */
export const MAX_ATTACHMENTS = 10;
/** Levels in a voice message's waveform, each 0-255. */
export const MAX_WAVEFORM_LENGTH = 128;
/** The longest voice message: one hour. */
export const MAX_VOICE_MS = 3_600_000;
/** Images with more pixels are refused (415) before they are decoded. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** A thumbnail's longer side at most. */
export const THUMBNAIL_MAX_PX = 400;
/** The kinds whose bytes are shown in the page (`inline`); every other file is downloaded. */
export const INLINE_KINDS = ['image', 'audio', 'voice', 'video'] as const;
