// The SQLite side of the baselines: the same tables, indexes and foreign keys as Fadmann's
// initial migration, WAL, the same `synchronous` setting, prepared statements only.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS "user" (
  id INTEGER PRIMARY KEY AUTOINCREMENT, username VARCHAR(32) NOT NULL,
  usernameLower VARCHAR(32) NOT NULL, displayName VARCHAR(64) NOT NULL,
  bio VARCHAR(500) NOT NULL DEFAULT '', avatarUrl VARCHAR(2048), passwordHash VARCHAR(255) NOT NULL,
  createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, lastSeenAt DATETIME);
CREATE UNIQUE INDEX IF NOT EXISTS UQ_user_username_lower ON "user" (usernameLower);
CREATE TABLE IF NOT EXISTS refresh_token (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  userId INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
  familyId VARCHAR(36) NOT NULL, tokenHash VARCHAR(64) NOT NULL, createdAt DATETIME NOT NULL,
  expiresAt DATETIME NOT NULL, rotatedAt DATETIME, revokedAt DATETIME);
CREATE INDEX IF NOT EXISTS IDX_refresh_token_user ON refresh_token (userId);
CREATE INDEX IF NOT EXISTS IDX_refresh_token_family ON refresh_token (familyId);
CREATE UNIQUE INDEX IF NOT EXISTS UQ_refresh_token_hash ON refresh_token (tokenHash);
CREATE TABLE IF NOT EXISTS room (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(64) NOT NULL, nameLower VARCHAR(64) NOT NULL,
  description VARCHAR(500) NOT NULL DEFAULT '', lastSeq INTEGER NOT NULL DEFAULT 0,
  createdById INTEGER REFERENCES "user" (id) ON DELETE SET NULL,
  createdAt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE UNIQUE INDEX IF NOT EXISTS UQ_room_name_lower ON room (nameLower);
CREATE TABLE IF NOT EXISTS message (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  roomId INTEGER NOT NULL REFERENCES room (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  authorId INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE, clientId VARCHAR(64),
  content TEXT NOT NULL, createdAt DATETIME NOT NULL, editedAt DATETIME, deletedAt DATETIME);
CREATE UNIQUE INDEX IF NOT EXISTS UQ_message_room_seq ON message (roomId, seq);
CREATE UNIQUE INDEX IF NOT EXISTS UQ_message_room_author_client ON message (roomId, authorId, clientId);
CREATE INDEX IF NOT EXISTS IDX_message_author ON message (authorId);
`;

const MESSAGE_COLUMNS = `m.id, m.roomId, m.seq, m.clientId, m.content, m.createdAt, m.editedAt,
  u.id AS authorId, u.username, u.displayName`;

/**
 * @typedef {{id: number, username: string, displayName: string}} Author
 * @typedef {{id: number, roomId: number, seq: number, clientId: string | null, author: Author,
 *   content: string, createdAt: string, editedAt: null}} Message
 */

/** @param {any} row @returns {Message} */
export function messageFromRow(row) {
  return {
    id: row.id,
    roomId: row.roomId,
    seq: row.seq,
    clientId: row.clientId,
    author: { id: row.authorId, username: row.username, displayName: row.displayName },
    content: row.content,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
  };
}

/** @param {string} dir a temp directory owned by the bench */
export function openStore(dir) {
  const db = new Database(join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${(process.env.SQLITE_SYNCHRONOUS ?? 'full').toUpperCase()}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);

  const st = {
    insertMessage: db.prepare(
      'INSERT INTO message (roomId, seq, authorId, clientId, content, createdAt) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    maxSeq: db.prepare('SELECT lastSeq FROM room WHERE id = ?').pluck(),
    setLastSeq: db.prepare('UPDATE room SET lastSeq = ? WHERE id = ?'),
    roomById: db.prepare('SELECT id, name FROM room WHERE id = ?'),
    ensureRoom: db.prepare(
      'INSERT OR IGNORE INTO room (id, name, nameLower, createdAt) VALUES (?, ?, ?, ?)',
    ),
    userByName: db.prepare(
      'SELECT id, username, displayName, passwordHash FROM "user" WHERE usernameLower = ?',
    ),
    insertUser: db.prepare(
      'INSERT INTO "user" (username, usernameLower, displayName, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?)',
    ),
    insertRefresh: db.prepare(
      'INSERT INTO refresh_token (userId, familyId, tokenHash, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)',
    ),
    since: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM message m JOIN "user" u ON u.id = m.authorId
       WHERE m.roomId = ? AND m.seq > ? ORDER BY m.seq ASC LIMIT ?`,
    ),
    before: db.prepare(
      `SELECT ${MESSAGE_COLUMNS} FROM message m JOIN "user" u ON u.id = m.authorId
       WHERE m.roomId = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
    ),
  };

  const now = () => new Date().toISOString();
  const ensureUser = (/** @type {string} */ username) => {
    const found = st.userByName.get(username.toLowerCase());
    if (found) return found.id;
    return Number(
      st.insertUser.run(username, username.toLowerCase(), username, '-', now()).lastInsertRowid,
    );
  };
  const benchAuthor = ensureUser('bench');

  /** Inserts `count` messages into a room (used to build the history room). */
  const seed = db.transaction(
    (/** @type {number} */ roomId, /** @type {number} */ from, /** @type {number} */ to) => {
      const createdAt = now();
      for (let seq = from; seq <= to; seq++) {
        st.insertMessage.run(roomId, seq, benchAuthor, null, `history message ${seq}`, createdAt);
      }
      st.setLastSeq.run(to, roomId);
    },
  );

  return {
    db,
    st,
    now,
    benchAuthor,
    /** @param {number} roomId */
    ensureRoom(roomId) {
      st.ensureRoom.run(roomId, `room-${roomId}`, `room-${roomId}`, now());
      return st.maxSeq.get(roomId) ?? 0;
    },
    /** @param {number} roomId @param {number} lastSeq */
    saveLastSeq(roomId, lastSeq) {
      st.setLastSeq.run(lastSeq, roomId);
    },
    seed,
    /** @param {number} userId */
    issueRefresh(userId, tokenHash = '') {
      const created = new Date();
      st.insertRefresh.run(
        userId,
        randomUUID(),
        tokenHash,
        created.toISOString(),
        new Date(created.getTime() + 30 * 86400_000).toISOString(),
      );
    },
  };
}
