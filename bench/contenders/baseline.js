// The baselines as contenders: rooms are plain numbers and any token is let in on the
// socket; HTTP workloads log in for real (argon2id), like against Fadmann.
import { fileURLToPath } from 'node:url';

import { request, mapLimit } from '../lib/http.js';
import { startServerProcess } from './server-process.js';

const SCRIPTS = {
  'raw-ws': 'raw-ws.js',
  'raw-ws+sqlite': 'raw-ws-sqlite.js',
  'raw-ws+sqlite-batched': 'raw-ws-sqlite-batched.js',
};
const HISTORY_ROOM = 900000;

/** @param {keyof typeof SCRIPTS} name @param {{pinning: any}} options */
export function baselineContender(name, options) {
  const script = fileURLToPath(new URL(`../baselines/${SCRIPTS[name]}`, import.meta.url));
  /** @type {any} */
  let proc = null;
  const self = {
    name,
    baseline: true,
    http: name !== 'raw-ws',
    available: false,
    reason: '',
    get pid() {
      return proc?.pid;
    },
    get baseUrl() {
      return proc?.baseUrl;
    },
    probe: (/** @type {boolean} */ reset) => proc.probe(reset),
    profile: (/** @type {'start' | 'stop'} */ action, file = '') => proc.profile(action, file),
    async start() {
      proc = await startServerProcess({
        script,
        env: process.env,
        cores: options.pinning.server,
      });
      self.available = !proc.error;
      self.reason = proc.error ?? '';
      return self.available;
    },
    async stop() {
      if (proc?.stop) await proc.stop();
    },
    /** A fresh process (and a fresh temp database). */
    async restart() {
      await self.stop();
      return self.start();
    },
    /** Socket tokens: the baselines accept any. */
    async tokens(/** @type {number} */ n) {
      return Array.from({ length: n }, (_, i) => `bench-${i}`);
    },
    /** Room ids: the baselines make a room of any number on first use. */
    async rooms(/** @type {number} */ n) {
      return Array.from({ length: n }, (_, i) => i + 1);
    },
    /** Real logins (login-or-create) of `n` users; answers their credentials. */
    async loginUsers(/** @type {string[]} */ usernames, /** @type {string} */ password) {
      return mapLimit(usernames, 4, async (username) => {
        const res = await request(`${self.baseUrl}/api/auth/login`, {
          method: 'POST',
          body: { username, password },
        });
        if (res.status !== 200 && res.status !== 201) throw new Error(`login ${res.status}`);
        return res.body.accessToken;
      });
    },
    /** A room of `count` messages for `history`, and a token to read it with. */
    async historyRoom(/** @type {number} */ count) {
      const [token] = await self.loginUsers(['bench_reader'], 'bench-password');
      const res = await request(`${self.baseUrl}/__bench/seed`, {
        method: 'POST',
        body: { roomId: HISTORY_ROOM, count },
        timeoutMs: 600000,
      });
      return { roomId: HISTORY_ROOM, lastSeq: res.body.lastSeq, token };
    },
  };
  return self;
}
