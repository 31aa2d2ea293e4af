// A minimal `ws` chat server speaking Fadmann's frame protocol: the practical limit of
// Node + ws here. `storage` picks the baseline: 'none' (raw-ws), 'each' (one prepared
// INSERT per message before the broadcast), 'batched' (the inserts of one event-loop turn
// in one transaction, then the broadcasts). Rooms are plain numbers and any token is let in.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { WebSocket, WebSocketServer } from 'ws';

import { verifyJwt } from './auth.js';
import { createRoutes } from './http-routes.js';
import { messageFromRow, openStore } from './store.js';

const RING = 1000;
const TEXT = { binary: false };
const PONG = Buffer.from('{"type":"pong"}');

/**
 * @typedef {{id: number, name: string, lastSeq: number, nextSeq: number,
 *   sockets: Set<WebSocket>, ring: {seq: number, buf: Buffer}[]}} Room
 */

/** @param {{storage: 'none' | 'each' | 'batched'}} options */
export function startBaseline({ storage }) {
  const port = Number(process.env.PORT ?? 4000);
  const host = process.env.HOST ?? '127.0.0.1';
  const secret = process.env.JWT_SECRET ?? 'bench-baseline-secret';
  const heartbeatMs = Number(process.env.WS_HEARTBEAT_MS ?? 30000);
  const dir = storage === 'none' ? null : mkdtempSync(join(tmpdir(), 'fadmann-baseline-'));
  const store = dir ? openStore(dir) : null;
  let nextId = 1;

  /** @type {Map<number, Room>} */
  const rooms = new Map();
  /** @param {number} id @returns {Room} */
  function room(id) {
    let r = rooms.get(id);
    if (!r) {
      const lastSeq = store ? store.ensureRoom(id) : 0;
      r = { id, name: `room-${id}`, lastSeq, nextSeq: lastSeq, sockets: new Set(), ring: [] };
      rooms.set(id, r);
    }
    return r;
  }

  /** Serialises once into one Buffer and sends it to every socket in the room. */
  function broadcast(/** @type {Room} */ r, /** @type {object} */ message, seq) {
    const buf = Buffer.from(JSON.stringify({ type: 'message', message }));
    r.lastSeq = seq;
    if (!store) {
      r.ring.push({ seq, buf });
      if (r.ring.length > RING * 2) r.ring.splice(0, r.ring.length - RING);
    }
    for (const ws of r.sockets) if (ws.readyState === WebSocket.OPEN) ws.send(buf, TEXT);
  }

  /** @type {{r: Room, m: any}[]} */
  let pending = [];
  const commitBatch =
    store &&
    store.db.transaction((/** @type {{r: Room, m: any}[]} */ items) => {
      for (const { m } of items) {
        const info = store.st.insertMessage.run(
          m.roomId,
          m.seq,
          m.author.id,
          m.clientId,
          m.content,
          m.createdAt,
        );
        m.id = Number(info.lastInsertRowid);
      }
    });
  function flush() {
    const items = pending;
    pending = [];
    commitBatch(items);
    for (const { r, m } of items) broadcast(r, m, m.seq);
  }

  /** @param {Room} r @param {any} author @param {string} content @param {string | null} clientId */
  function send(r, author, content, clientId) {
    const seq = ++r.nextSeq;
    const m = {
      id: 0,
      roomId: r.id,
      seq,
      clientId,
      author,
      content,
      createdAt: new Date().toISOString(),
      editedAt: null,
    };
    if (storage === 'none') {
      m.id = nextId++;
      broadcast(r, m, seq);
    } else if (storage === 'each') {
      m.id = Number(
        store.st.insertMessage.run(r.id, seq, author.id, clientId, content, m.createdAt)
          .lastInsertRowid,
      );
      broadcast(r, m, seq);
    } else {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ r, m });
    }
  }

  /** @param {WebSocket} ws @param {string} code @param {string} message @param {unknown} clientId */
  function error(ws, code, message, clientId) {
    ws.send(JSON.stringify({ type: 'error', code, message, ...(clientId ? { clientId } : {}) }));
  }

  /** The `since` replay: the missed messages in seq order, or `resync` past 1000. */
  function replay(/** @type {WebSocket} */ ws, /** @type {Room} */ r, /** @type {number} */ since) {
    if (r.lastSeq - since > RING)
      return ws.send(JSON.stringify({ type: 'resync', lastSeq: r.lastSeq }));
    if (!store) {
      for (const item of r.ring)
        if (item.seq > since && item.seq <= r.lastSeq) ws.send(item.buf, TEXT);
      return;
    }
    for (const row of store.st.since.all(r.id, since, RING)) {
      if (row.seq > r.lastSeq) break;
      ws.send(JSON.stringify({ type: 'message', message: messageFromRow(row) }));
    }
  }

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 65536 });
  let anonymous = 0;

  wss.on('connection', (ws, req, r, url) => {
    const claims = verifyJwt(url.searchParams.get('token') ?? '', secret);
    const id = claims?.sub ?? store?.benchAuthor ?? 1 + (anonymous++ % 1000);
    const username = claims?.username ?? `bench${id}`;
    const author = { id, username, displayName: username };
    ws.isAlive = true;
    ws.on('pong', () => (ws.isAlive = true));
    r.sockets.add(ws);
    ws.on('close', () => r.sockets.delete(ws));
    ws.send(
      JSON.stringify({
        type: 'ready',
        room: { id: r.id, name: r.name },
        user: { id, username },
        online: [],
        lastSeq: r.lastSeq,
      }),
    );
    const since = url.searchParams.get('since');
    if (since !== null && Number(since) < r.lastSeq) replay(ws, r, Number(since));

    ws.on('message', (data) => {
      let frame;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return error(ws, 'bad_json', 'frame is not JSON');
      }
      if (frame?.type === 'message') {
        const clientId = frame.clientId ?? null;
        const content = typeof frame.content === 'string' ? frame.content.trim() : '';
        if (content.length < 1 || content.length > 4000)
          return error(ws, 'invalid', 'content', clientId);
        if (
          clientId !== null &&
          (typeof clientId !== 'string' || clientId.length < 1 || clientId.length > 64)
        ) {
          return error(ws, 'invalid', 'clientId');
        }
        return send(r, author, content, clientId);
      }
      if (frame?.type === 'ping') return ws.send(PONG, TEXT);
      if (frame?.type === 'typing' || frame?.type === 'read') return;
      error(ws, 'unknown_type', `unknown frame type`);
    });
  });

  const route = createRoutes(store, secret);
  const onSeeded = (roomId, lastSeq) => {
    const r = room(roomId);
    r.lastSeq = r.nextSeq = lastSeq;
  };
  const server = createServer((req, res) => route(req, res, onSeeded));
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    const m = /^\/api\/ws\/(\d+)$/.exec(url.pathname);
    if (!m) return void socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    wss.handleUpgrade(req, socket, head, (ws) =>
      wss.emit('connection', ws, req, room(Number(m[1])), url),
    );
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!ws.isAlive) ws.terminate();
      else {
        ws.isAlive = false;
        ws.ping();
      }
    }
  }, heartbeatMs);

  function shutdown() {
    clearInterval(heartbeat);
    for (const ws of wss.clients) ws.close(1001);
    server.close();
    store?.db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  server.listen(port, host, () => console.log(`baseline ${storage} listening on ${host}:${port}`));
}
