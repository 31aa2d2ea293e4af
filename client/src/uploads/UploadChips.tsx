import { formatSize } from './format';
import type { UploadQueue } from './uploadQueue';
import { useUploadQueueState } from './useUploadQueue';

/** The composer's attachments: a chip per file with its progress, cancel, or refusal. */
export function UploadChips({ queue }: { queue: UploadQueue }) {
  const { items, notice } = useUploadQueueState(queue);
  if (!items.length && !notice) return null;
  return (
    <div className="upload-chips">
      {notice && (
        <p className="upload-notice" role="alert">
          {notice}
        </p>
      )}
      {items.length > 0 && (
        <ul className="upload-list" aria-label="Attachments">
          {items.map((item) => (
            <li key={item.key} className={`upload-chip ${item.status}`}>
              {item.previewUrl ? (
                <img className="upload-preview" src={item.previewUrl} alt="" />
              ) : (
                <span className="upload-icon" aria-hidden="true">
                  📄
                </span>
              )}
              <span className="upload-text">
                <span className="upload-name" title={item.name}>
                  {item.name}
                </span>
                {item.status === 'failed' ? (
                  <span className="upload-error" role="alert">
                    {item.error}
                  </span>
                ) : (
                  <span className="upload-state">
                    <span
                      className="upload-progress"
                      role="progressbar"
                      aria-label={`Uploading ${item.name}`}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={item.progress}
                    >
                      <span
                        className="upload-progress-bar"
                        style={{ width: `${item.progress}%` }}
                      />
                    </span>
                    <span className="upload-size">
                      {item.status === 'done' ? formatSize(item.size) : `${item.progress}%`}
                    </span>
                  </span>
                )}
              </span>
              <button
                type="button"
                className="upload-cancel"
                // One name whatever the state: it takes the file out of this message.
                aria-label="Cancel upload"
                title={item.status === 'uploading' ? 'Cancel upload' : `Remove ${item.name}`}
                onClick={() => queue.cancel(item.key)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
