// Fadmann as a contender: the built server (dist/main.js), NODE_ENV=production, real
// logins and tokens, rooms made over REST, a fresh SQLite file per run.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Database from 'better-sqlite3';
import { WebSocket } from 'ws';

import { mapLimit, request } from '../lib/http.js';
import { ensureBuilt, sourceVersion } from './build.js';
import { startServerProcess } from './server-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist', 'main.js');
const PASSWORD = 'bench-password';
const TOKEN_MAX_AGE_MS = 10 * 60 * 1000;

/** @param {{pinning: any, build?: boolean}} options */
export function fadmannContender(options) {
  /** @type {any} */
  let proc = null;
  let dir = '';
  /** @type {{token: string, at: number, id: number}[]} */
  let users = [];
  /** @type {number[]} */
  const roomIds = [];

  const url = (/** @type {string} */ path) => `${proc.baseUrl}${path}`;

  async function login(/** @type {string} */ username, password = PASSWORD) {
    const res = await request(url('/api/auth/login'), {
      method: 'POST',
      body: { username, password },
    });
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    return { token: res.body.accessToken, at: Date.now(), id: res.body.user?.id };
  }

  /** Opens one socket to a room and waits for `ready`: proves the gateway answers. */
  function probeSocket(/** @type {number} */ roomId, /** @type {string} */ token) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(
        `${proc.baseUrl.replace('http', 'ws')}/api/ws/${roomId}?token=${token}`,
        {
          perMessageDeflate: false,
          handshakeTimeout: 5000,
        },
      );
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('no ready frame within 5 s'));
      }, 5000);
      ws.on('message', (data) => {
        if (JSON.parse(data.toString()).type === 'ready') {
          clearTimeout(timer);
          ws.close();
          resolve(undefined);
        }
      });
      ws.on('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`upgrade answered HTTP ${res.statusCode}`));
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  const self = {
    name: 'fadmann',
    baseline: false,
    http: true,
    available: false,
    reason: '',
    build: '',
    version: '',
    get pid() {
      return proc?.pid;
    },
    get baseUrl() {
      return proc?.baseUrl;
    },
    probe: (/** @type {boolean} */ reset) => proc.probe(reset),
    profile: (/** @type {'start' | 'stop'} */ action, file = '') => proc.profile(action, file),

    async start() {
      // Built once per run: a restart (idle) must not rebuild under a running bench.
      if (options.build && !self.build) {
        try {
          self.build = ensureBuilt(ROOT);
        } catch (err) {
          return self.fail(/** @type {Error} */ (err).message);
        }
      }
      if (!existsSync(MAIN))
        return self.fail('dist/main.js is missing (run `npm run build:server`)');
      self.version = sourceVersion(ROOT);
      dir = mkdtempSync(join(tmpdir(), 'fadmann-bench-'));
      const env = {
        ...process.env,
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(36).toString('base64url'),
        DATABASE_URL: `sqlite:${join(dir, 'fadmann.db')}`,
        LOG_LEVEL: 'warn',
        // The bench is one abusive-looking client on one address: thousands of sign-ups and
        // rooms, tens of thousands of sockets for a pool of users, messages at full speed.
        MESSAGE_RATE: '100000/s burst 100000',
        REGISTRATION_RATE: '100000/s burst 100000',
        ROOM_CREATION_RATE: '100000/s burst 100000',
        WS_MAX_SOCKETS_PER_USER: '1000000',
        // `upload`: a few users upload hundreds of files a minute; the files stay in the temp dir.
        UPLOAD_RATE: '100000/s burst 100000',
        UPLOAD_DIR: join(dir, 'uploads'),
      };
      proc = await startServerProcess({
        script: MAIN,
        env,
        cwd: ROOT,
        cores: options.pinning.server,
      });
      if (proc.error) return self.fail(proc.error);
      try {
        const first = await login('bench_probe');
        const rooms = await request(url('/api/rooms'), { token: first.token });
        const general = Array.isArray(rooms.body) ? rooms.body[0]?.id : undefined;
        if (!general) throw new Error(`GET /api/rooms answered ${rooms.status}`);
        await probeSocket(general, first.token);
      } catch (err) {
        await proc.stop();
        return self.fail(`socket gateway or REST not ready: ${/** @type {Error} */ (err).message}`);
      }
      self.available = true;
      return true;
    },

    fail(/** @type {string} */ reason) {
      self.available = false;
      self.reason = reason;
      return false;
    },

    async stop() {
      if (proc?.stop) await proc.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = '';
    },

    /** A fresh process on a fresh database (new secret, so new users, tokens and rooms). */
    async restart() {
      await self.stop();
      users = [];
      roomIds.length = 0;
      return self.start();
    },

    /** Access tokens of a pool of `n` users (a user may hold many sockets), fresh enough. */
    async tokens(/** @type {number} */ n) {
      const stale = users.length > 0 && Date.now() - users[0].at > TOKEN_MAX_AGE_MS;
      if (stale || users.length < n) {
        const names = Array.from({ length: Math.max(n, users.length) }, (_, i) => `bench_u${i}`);
        users = await mapLimit(names, 4, (name) => login(name));
      }
      return users.slice(0, n).map((u) => u.token);
    },

    /** Ids of `n` bench rooms, made over REST once and reused. */
    async rooms(/** @type {number} */ n) {
      const [token] = await self.tokens(1);
      const missing = Array.from(
        { length: Math.max(0, n - roomIds.length) },
        (_, i) => roomIds.length + i,
      );
      const made = await mapLimit(missing, 8, async (i) => {
        const res = await request(url('/api/rooms'), {
          method: 'POST',
          token,
          body: { name: `bench-${i}` },
        });
        if (res.status !== 201)
          throw new Error(`POST /api/rooms: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id;
      });
      roomIds.push(...made);
      return roomIds.slice(0, n);
    },

    /**
     * One REST call of the API (for workloads that act over REST, e.g. `reactions`).
     * @param {string} path @param {{method?: string, body?: unknown, token?: string, timeoutMs?: number}} [opts]
     */
    api: (path, opts) => request(url(path), opts),

    async loginUsers(/** @type {string[]} */ usernames, /** @type {string} */ password) {
      return mapLimit(usernames, 4, async (name) => (await login(name, password)).token);
    },

    /**
     * A room of `count` messages for `history`. Sending a million messages through the
     * socket would take minutes, so they are written straight into Fadmann's SQLite file
     * (the same columns as its migration), and the room's counter moved to match.
     */
    async historyRoom(/** @type {number} */ count) {
      const reader = await login('bench_reader');
      const res = await request(url('/api/rooms'), {
        method: 'POST',
        token: reader.token,
        body: { name: 'bench-history' },
      });
      if (res.status !== 201) throw new Error(`POST /api/rooms: ${res.status}`);
      const roomId = res.body.id;
      const db = new Database(join(dir, 'fadmann.db'));
      try {
        db.pragma('busy_timeout = 10000');
        const insert = db.prepare(
          'INSERT INTO message (roomId, seq, authorId, clientId, content, createdAt) VALUES (?, ?, ?, NULL, ?, ?)',
        );
        const createdAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
        const chunk = db.transaction((/** @type {number} */ from, /** @type {number} */ to) => {
          for (let seq = from; seq <= to; seq++)
            insert.run(roomId, seq, reader.id, `history message ${seq}`, createdAt);
          db.prepare('UPDATE room SET lastSeq = ? WHERE id = ?').run(to, roomId);
        });
        for (let from = 1; from <= count; from += 20000) chunk(from, Math.min(count, from + 19999));
      } finally {
        db.close();
      }
      return { roomId, lastSeq: count, token: reader.token };
    },
  };
  return self;
}
