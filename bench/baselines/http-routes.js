// The plain node:http handlers of the baselines: login-or-create (argon2id), history pages,
// health, and the bench-only seeding route. Same request and answer shapes as Fadmann.
import { messageFromRow } from './store.js';
import { hashPassword, newRefreshToken, signJwt, verifyJwt, verifyPassword } from './auth.js';

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function json(res, status, body) {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(data);
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<any>} */
function readJson(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size < 1 << 20) chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString()));
      } catch {
        resolve(undefined);
      }
    });
  });
}

/**
 * @param {ReturnType<typeof import('./store.js').openStore> | null} store
 * @param {string} secret
 */
export function createRoutes(store, secret) {
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function login(req, res) {
    const body = await readJson(req);
    const { username, password } = body ?? {};
    if (typeof username !== 'string' || !USERNAME.test(username)) {
      return json(res, 400, { statusCode: 400, message: ['username'], error: 'Bad Request' });
    }
    if (typeof password !== 'string' || password.length < 8 || password.length > 128) {
      return json(res, 400, { statusCode: 400, message: ['password'], error: 'Bad Request' });
    }
    let user = store.st.userByName.get(username.toLowerCase());
    let status = 200;
    if (!user) {
      const hash = await hashPassword(password);
      const created = store.now();
      const id = store.st.insertUser.run(username, username.toLowerCase(), username, hash, created);
      user = { id: Number(id.lastInsertRowid), username, displayName: username };
      status = 201;
    } else if (!(await verifyPassword(password, user.passwordHash))) {
      return json(res, 401, {
        statusCode: 401,
        message: 'Invalid credentials',
        error: 'Unauthorized',
      });
    }
    const iat = Math.floor(Date.now() / 1000);
    const accessToken = signJwt(
      { sub: user.id, username: user.username, iat, exp: iat + 900 },
      secret,
    );
    const refresh = newRefreshToken();
    store.issueRefresh(user.id, refresh.hash);
    json(res, status, {
      accessToken,
      refreshToken: refresh.token,
      expiresIn: 900,
      user: { id: user.id, username: user.username, displayName: user.displayName },
    });
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {number} roomId @param {URLSearchParams} query
   */
  function history(req, res, roomId, query) {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !verifyJwt(auth.slice(7), secret)) {
      return json(res, 401, { statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' });
    }
    if (!store.st.roomById.get(roomId)) {
      return json(res, 404, { statusCode: 404, message: 'Room not found', error: 'Not Found' });
    }
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50) || 50));
    const after = query.get('after');
    let rows;
    if (after !== null) {
      rows = store.st.since.all(roomId, Number(after), limit + 1);
      const hasMore = rows.length > limit;
      return json(res, 200, { messages: rows.slice(0, limit).map(messageFromRow), hasMore });
    }
    const before = Number(query.get('before') ?? Number.MAX_SAFE_INTEGER);
    rows = store.st.before.all(roomId, before, limit + 1);
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit).reverse().map(messageFromRow);
    json(res, 200, { messages: page, hasMore });
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function seed(req, res, onSeeded) {
    const { roomId, count } = (await readJson(req)) ?? {};
    let last = store.ensureRoom(roomId);
    const target = last + count;
    while (last < target) {
      const to = Math.min(target, last + 20000);
      store.seed(roomId, last + 1, to);
      last = to;
    }
    onSeeded(roomId, last);
    json(res, 200, { roomId, lastSeq: last });
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {(roomId: number, lastSeq: number) => void} onSeeded
   */
  return function route(req, res, onSeeded) {
    const url = new URL(req.url ?? '/', 'http://bench');
    const path = url.pathname;
    if (path === '/api/health') return json(res, 200, { status: 'ok' });
    if (store) {
      if (req.method === 'POST' && path === '/api/auth/login') return void login(req, res);
      const m = /^\/api\/rooms\/(\d+)\/messages$/.exec(path);
      if (req.method === 'GET' && m) return history(req, res, Number(m[1]), url.searchParams);
      if (req.method === 'POST' && path === '/__bench/seed') return void seed(req, res, onSeeded);
    }
    json(res, 404, { statusCode: 404, message: 'Not Found', error: 'Not Found' });
  };
}
