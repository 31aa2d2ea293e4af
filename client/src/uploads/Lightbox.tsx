import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';

import type { Attachment } from '../api/types';

/** The full image over the page: Escape, the Close button or a click beside it closes it. */
export function Lightbox({ image, onClose }: { image: Attachment; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // Focus goes into the dialog, and back to what opened it when it closes.
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
  }, [onClose]);

  return createPortal(
    <div
      className="lightbox"
      role="dialog"
      aria-modal="true"
      aria-label="Image viewer"
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      onKeyDown={(event) => {
        // Tab stays inside: the Close button is the only control.
        if (event.key === 'Tab') {
          event.preventDefault();
          close.current?.focus();
        }
      }}
    >
      <figure className="lightbox-figure">
        <img src={image.url} alt={image.name} />
        <figcaption>
          <span className="lightbox-name">{image.name}</span>
          <a href={image.url} download={image.name} className="link-button">
            Download
          </a>
        </figcaption>
      </figure>
      <button ref={close} type="button" className="lightbox-close" onClick={onClose}>
        Close
      </button>
    </div>,
    document.body,
  );
}
