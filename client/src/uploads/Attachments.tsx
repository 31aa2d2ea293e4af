import '../styles/uploads.css';

import { useCallback, useState } from 'react';

import type { Attachment } from '../api/types';
import { VoicePlayer } from '../voice/VoicePlayer';
import { formatSize } from './format';
import { Lightbox } from './Lightbox';

/** The largest box an inline image takes (CSS pixels). */
const MAX_INLINE = { width: 320, height: 240 };

/** A message's attachments, in the order sent. */
export function Attachments({ list }: { list: readonly Attachment[] }) {
  const [viewing, setViewing] = useState<Attachment | null>(null);
  const close = useCallback(() => setViewing(null), []);
  if (!list.length) return null;
  return (
    <div className="attachments">
      {list.map((a) => (
        <AttachmentView key={a.id} attachment={a} onOpen={setViewing} />
      ))}
      {viewing && <Lightbox image={viewing} onClose={close} />}
    </div>
  );
}

function AttachmentView(props: { attachment: Attachment; onOpen: (a: Attachment) => void }) {
  const { attachment: a, onOpen } = props;
  switch (a.kind) {
    case 'image': {
      const size = inlineSize(a);
      return (
        <button
          type="button"
          className="attachment-image"
          aria-label={`Open ${a.name}`}
          onClick={() => onOpen(a)}
        >
          <img
            src={a.thumbnailUrl ?? a.url}
            alt={a.name}
            loading="lazy"
            decoding="async"
            // The box is reserved before the bytes arrive, so the list does not jump.
            width={size?.width}
            height={size?.height}
          />
        </button>
      );
    }
    case 'voice':
      return <VoicePlayer attachment={a} />;
    case 'audio':
      return (
        <figure className="attachment-media">
          <audio controls preload="metadata" src={a.url} aria-label={a.name} />
          <figcaption>
            <FileLine attachment={a} />
          </figcaption>
        </figure>
      );
    case 'video': {
      const size = inlineSize(a);
      return (
        <figure className="attachment-media">
          <video
            controls
            preload="metadata"
            src={a.url}
            aria-label={a.name}
            width={size?.width}
            height={size?.height}
          />
          <figcaption>
            <FileLine attachment={a} />
          </figcaption>
        </figure>
      );
    }
    default:
      return (
        <div className="attachment-file">
          <span className="attachment-file-icon" aria-hidden="true">
            {fileIcon(a)}
          </span>
          <FileLine attachment={a} />
        </div>
      );
  }
}

function FileLine({ attachment: a }: { attachment: Attachment }) {
  return (
    <span className="attachment-file-text">
      <span className="attachment-name" title={a.name}>
        {a.name}
      </span>
      <span className="attachment-size">{formatSize(a.size)}</span>
      <a
        className="attachment-download"
        href={a.url}
        download={a.name}
        aria-label={`Download ${a.name}`}
      >
        Download
      </a>
    </span>
  );
}

function fileIcon(a: Attachment): string {
  if (a.mimeType === 'application/pdf') return '📕';
  if (/zip|compressed|tar|gzip|7z|rar/.test(a.mimeType)) return '🗜️';
  if (a.mimeType.startsWith('text/')) return '📝';
  return '📄';
}

/** The image's size scaled into the inline box, or nothing when the server gave none. */
export function inlineSize(a: Attachment): { width: number; height: number } | null {
  if (!a.width || !a.height) return null;
  const scale = Math.min(1, MAX_INLINE.width / a.width, MAX_INLINE.height / a.height);
  return {
    width: Math.max(1, Math.round(a.width * scale)),
    height: Math.max(1, Math.round(a.height * scale)),
  };
}
