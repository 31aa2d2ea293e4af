// A stand-in for XMLHttpRequest that a test drives: progress, an answer, a network failure.

type Handler = ((event?: unknown) => void) | null;

export class FakeXhr {
  static instances: FakeXhr[] = [];

  /** Installs it as the global XMLHttpRequest (undone after each test: unstubGlobals). */
  static install(): typeof FakeXhr {
    FakeXhr.instances = [];
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    return FakeXhr;
  }

  static last(): FakeXhr {
    const xhr = FakeXhr.instances.at(-1);
    if (!xhr) throw new Error('no request was made');
    return xhr;
  }

  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = undefined;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: Handler = null;
  onerror: Handler = null;
  onabort: Handler = null;
  private responseHeaders: Record<string, string> = {};

  constructor() {
    FakeXhr.instances.push(this);
  }

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }

  send(body: unknown) {
    this.body = body;
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }

  abort() {
    this.aborted = true;
    this.onabort?.();
  }

  /** The form's fields as sent (name to value; a file as its name). */
  fields(): Record<string, string> {
    const form = this.body as FormData;
    const out: Record<string, string> = {};
    form.forEach((value, name) => {
      out[name] = typeof value === 'string' ? value : value.name;
    });
    return out;
  }

  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }

  respond(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = body === undefined ? '' : JSON.stringify(body);
    this.responseHeaders = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    this.onload?.();
  }

  failNetwork() {
    this.onerror?.();
  }
}
