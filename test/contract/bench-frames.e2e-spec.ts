import type { ClientFrame, ServerFrame } from '../../src/contract/frames.js';
import type { Message, UserRef } from '../../src/contract/messages.js';

/** bench/load/frames.js (plain JS, type-checked by bench/tsconfig.json, not by this project). */
interface BenchFrames {
  isMessageFrame(buf: Buffer): boolean;
  readStamp(buf: Buffer, out: number[]): boolean;
  readSeq(buf: Buffer): number;
  messageFrame(content: string, clientId: string): string;
  stamp(sid: number, n: number, us: number): string;
  PING: string;
}

const ada: UserRef = { id: 7, username: 'ada' };
const message: Message = {
  id: 41,
  roomId: 3,
  seq: 120,
  clientId: '12.34.5678901',
  author: { ...ada, displayName: 'Ada' },
  content: 'a "type":"message" inside the text',
  createdAt: '2026-11-30T12:00:00.000Z',
  editedAt: null,
  deletedAt: null,
  replyTo: { id: 40, seq: 118, author: { ...ada, displayName: 'Ada' }, excerpt: 'earlier' },
  mentions: [ada],
  mentionsRoom: false,
  reactions: [{ emoji: '👍', count: 1, me: false }],
  attachments: [],
  pinned: false,
};

/** One frame of each type of the room socket (the bench's), as the server serialises them. */
const samples: Record<ServerFrame['type'], ServerFrame> = {
  ready: { type: 'ready', room: { id: 3, name: 'general' }, user: ada, online: [ada], lastSeq: 9 },
  message: { type: 'message', message },
  'message.edited': {
    type: 'message.edited',
    seq: 121,
    messageId: 41,
    content: 'edited "type":"message"',
    editedAt: '2026-11-30T12:01:00.000Z',
    mentions: [],
  },
  'message.deleted': { type: 'message.deleted', seq: 122, messageId: 41 },
  reaction: {
    type: 'reaction',
    seq: 123,
    messageId: 41,
    emoji: '👍',
    user: ada,
    added: true,
    count: 1,
  },
  'message.pinned': { type: 'message.pinned', seq: 124, messageId: 41, pinned: true, by: ada },
  typing: { type: 'typing', user: ada, isTyping: true },
  read: { type: 'read', user: ada, seq: 124 },
  presence: { type: 'presence', user: ada, online: true },
  member: { type: 'member', user: ada, action: 'joined', role: 'member' },
  error: { type: 'error', code: 'rate_limited', message: 'slow down', clientId: '1.2.3' },
  resync: { type: 'resync', lastSeq: 5000 },
  pong: { type: 'pong' },
};

describe('the bench reads and writes the contract frames (bench/load/frames.js)', () => {
  let frames: BenchFrames;

  beforeAll(async () => {
    const path = '../../bench/load/frames.js';
    frames = (await import(path)) as BenchFrames;
  });

  it('counts only `message` frames as deliveries, whatever else carries a seq', () => {
    const counted = (Object.keys(samples) as ServerFrame['type'][]).filter((type) =>
      frames.isMessageFrame(Buffer.from(JSON.stringify(samples[type]))),
    );
    expect(counted).toEqual(['message']);
  });

  it("reads a message frame's stamp and seq (not its reply's)", () => {
    const buf = Buffer.from(JSON.stringify(samples.message));
    const stamp = [0, 0, 0];
    expect(frames.readStamp(buf, stamp)).toBe(true);
    expect(stamp).toEqual([12, 34, 5678901]);
    expect(frames.readSeq(buf)).toBe(120);
  });

  it('sends frames of the contract', () => {
    const sent: ClientFrame = JSON.parse(frames.messageFrame('hello', frames.stamp(1, 2, 3)));
    expect(sent).toEqual({ type: 'message', content: 'hello', clientId: '1.2.3' });
    expect(JSON.parse(frames.PING)).toEqual({ type: 'ping' });
  });
});
