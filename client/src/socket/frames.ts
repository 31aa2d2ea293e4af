import type { ServerFrame } from '@contract/frames.js';

export type {
  ClientFrame,
  ErrorFrame,
  ReadyFrame,
  ServerFrame,
  TimelineFrame,
} from '@contract/frames.js';
export type { UserRef } from '@contract/messages.js';
export { CloseCode } from '@contract/frames.js';

/** Parses one frame; anything that is not an object with a string `type` is dropped. */
export function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as { type?: unknown };
    return frame && typeof frame === 'object' && typeof frame.type === 'string'
      ? (frame as ServerFrame)
      : null;
  } catch {
    return null;
  }
}
