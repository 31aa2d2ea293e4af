// Small HTTP helpers for setting contenders up (fetch, bounded waits, free ports).
import { createServer } from 'node:net';

/**
 * @param {string} url
 * @param {{method?: string, body?: unknown, token?: string, timeoutMs?: number}} [opts]
 * @returns {Promise<{status: number, body: any}>}
 */
export async function request(url, { method = 'GET', body, token, timeoutMs = 15000 } = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs `work` over `items` with at most `limit` in flight; results in order.
 * @template T, R
 * @param {T[]} items @param {number} limit @param {(item: T, index: number) => Promise<R>} work
 * @returns {Promise<R[]>}
 */
export async function mapLimit(items, limit, work) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i], i);
      }
    }),
  );
  return out;
}

/**
 * The body of a 2xx answer; anything else throws with its status.
 * @param {Promise<{status: number, body: any}>} call
 */
export async function expectOk(call) {
  const res = await call;
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  return res.body;
}
