import { ApiError, NetworkError } from '../api/http';

export interface UploadProgressOptions {
  token?: string | null;
  /** 0-100, as the bytes leave the browser. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/**
 * POSTs a form with XMLHttpRequest, because fetch cannot report upload progress.
 * Fails like `send` does: ApiError for an answer that is not 2xx, NetworkError when the
 * server cannot be reached, and an AbortError DOMException when cancelled.
 */
export function postForm<T>(
  path: string,
  form: FormData,
  options: UploadProgressOptions = {},
): Promise<T> {
  const { token, onProgress, signal } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);

    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) {
        onProgress?.(Math.min(100, Math.round((event.loaded / event.total) * 100)));
      }
    };
    xhr.onload = () => {
      done();
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      reject(toApiError(xhr, body));
    };
    xhr.onerror = () => {
      done();
      reject(new NetworkError(new Error('upload failed')));
    };
    xhr.onabort = () => {
      done();
      reject(abortError());
    };
    xhr.send(form);
  });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function abortError(): DOMException {
  return new DOMException('The upload was cancelled.', 'AbortError');
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function toApiError(xhr: XMLHttpRequest, body: unknown): ApiError {
  const raw = (body as { message?: unknown } | undefined)?.message;
  const text = Array.isArray(raw) ? raw.map(String).join('; ') : typeof raw === 'string' ? raw : '';
  const retryAfter = Number(xhr.getResponseHeader('Retry-After'));
  return new ApiError(
    xhr.status,
    text || xhr.statusText || `Request failed (${xhr.status})`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}
