import type { Attachment } from '../api/types';
import { refusalText } from './refusal';
import { isAbort } from './xhrUpload';

/** The server takes 1-10 attachments per message. */
export const MAX_ATTACHMENTS = 10;

export type UploadFn = (
  file: File,
  options: {
    signal: AbortSignal;
    onProgress: (percent: number) => void;
    fields?: Record<string, string>;
  },
) => Promise<Attachment>;

export interface PendingUpload {
  /** Local key: the chip's identity until (and after) the server answers. */
  key: string;
  name: string;
  size: number;
  type: string;
  status: 'uploading' | 'done' | 'failed';
  /** 0-100 */
  progress: number;
  attachment?: Attachment;
  /** Why it was refused, said plainly. */
  error?: string;
  /** An object URL of a local image, for the chip's preview. */
  previewUrl?: string;
}

export interface UploadQueueState {
  items: readonly PendingUpload[];
  /** Files that were not added (more than MAX_ATTACHMENTS). */
  notice: string | null;
}

let nextKey = 1;

/**
 * The composer's attachments: every file starts uploading as it is added, each with its
 * own progress and cancel; sending takes the finished ones, in the order added.
 * A plain store (subscribe / getSnapshot) so React reads it with useSyncExternalStore.
 */
export class UploadQueue {
  private state: UploadQueueState = { items: [], notice: null };
  private readonly listeners = new Set<() => void>();
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly uploadFile: UploadFn) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = (): UploadQueueState => this.state;

  /** Uploads a file outside the chips (a voice message): same transport, same refusals. */
  upload: UploadFn = (file, options) => this.uploadFile(file, options);

  add(files: Iterable<File>): void {
    const list = Array.from(files);
    if (!list.length) return;
    // Refused chips do not count: they are only there to say why.
    const room = MAX_ATTACHMENTS - this.state.items.filter((i) => i.status !== 'failed').length;
    const taken = list.slice(0, Math.max(0, room));
    const left = list.length - taken.length;
    const notice = left
      ? `Up to ${MAX_ATTACHMENTS} files per message: ${left === 1 ? '1 file was' : `${left} files were`} not added.`
      : null;
    const added = taken.map((file) => ({ file, item: chipFor(file) }));
    // The chips are in the state before any upload can report progress on them.
    this.set({ items: [...this.state.items, ...added.map((a) => a.item)], notice });
    added.forEach(({ file, item }) => this.start(file, item));
  }

  /** Stops an upload (or drops a finished or refused chip). */
  cancel(key: string): void {
    this.controllers.get(key)?.abort();
    this.controllers.delete(key);
    const item = this.state.items.find((i) => i.key === key);
    if (!item) return;
    revoke(item);
    this.set({ items: this.state.items.filter((i) => i !== item), notice: null });
  }

  /** The finished uploads in the order added, for a message; their chips and refused ones go. */
  takeFinished(): Attachment[] {
    const done = this.state.items.filter((i) => i.status === 'done');
    const gone = this.state.items.filter((i) => i.status !== 'uploading');
    gone.forEach(revoke);
    this.set({ items: this.state.items.filter((i) => i.status === 'uploading'), notice: null });
    return done.map((i) => i.attachment!);
  }

  dismissNotice(): void {
    if (this.state.notice) this.set({ ...this.state, notice: null });
  }

  /** Aborts everything (the room is left). */
  dispose(): void {
    this.controllers.forEach((c) => c.abort());
    this.controllers.clear();
    this.state.items.forEach(revoke);
    this.set({ items: [], notice: null });
  }

  private start(file: File, item: PendingUpload): void {
    const { key } = item;
    const controller = new AbortController();
    this.controllers.set(key, controller);
    this.uploadFile(file, {
      signal: controller.signal,
      onProgress: (progress) => this.update(key, { progress }),
    }).then(
      (attachment) => {
        this.controllers.delete(key);
        this.update(key, { status: 'done', progress: 100, attachment });
      },
      (error: unknown) => {
        this.controllers.delete(key);
        if (isAbort(error)) return;
        this.update(key, { status: 'failed', error: refusalText(item.name, file.type, error) });
      },
    );
  }

  private update(key: string, change: Partial<PendingUpload>): void {
    if (!this.state.items.some((i) => i.key === key)) return;
    this.set({
      ...this.state,
      items: this.state.items.map((i) => (i.key === key ? { ...i, ...change } : i)),
    });
  }

  private set(state: UploadQueueState): void {
    this.state = state;
    this.listeners.forEach((listener) => listener());
  }
}

function chipFor(file: File): PendingUpload {
  return {
    key: `u${nextKey++}`,
    name: file.name || 'file',
    size: file.size,
    type: file.type,
    status: 'uploading',
    progress: 0,
    previewUrl: previewOf(file),
  };
}

function previewOf(file: File): string | undefined {
  // Only raster images the browser shows; SVG never reaches an <img> from here.
  if (!/^image\/(png|jpeg|gif|webp|avif)$/.test(file.type)) return undefined;
  return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : undefined;
}

function revoke(item: PendingUpload): void {
  if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
}
