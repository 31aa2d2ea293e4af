import { jest } from '@jest/globals';

import { TypingTracker } from '../../src/chat/typing-tracker.js';
import { AppError } from '../../src/common/app-error.js';
import { Message } from '../../src/messages/message.entity.js';
import { MessagesService } from '../../src/messages/messages.service.js';
import { RoomMember } from '../../src/rooms/room-member.entity.js';
import { createApp, TestApp } from '../support/create-app.js';
import { joinRoom, makeRoom, makeUser, TestUser } from '../support/factories.js';
import { connect, TestSocket } from '../support/ws-client.js';

// jest 30 ignores the e2e project's testTimeout; sockets on a busy machine need more than 5 s.
jest.setTimeout(20_000);

describe('WS /api/ws/{roomId}: refused frames', () => {
  let app: TestApp;
  let ana: TestUser;
  let bob: TestUser;
  let roomId: number;
  let socket: TestSocket;
  let watcher: TestSocket;

  beforeAll(async () => {
    app = await createApp();
    [ana, bob] = await Promise.all([makeUser(app), makeUser(app)]);
    roomId = (await makeRoom(app, ana)).id;
    await joinRoom(app, bob, roomId);
    socket = await connect(app, roomId, ana.accessToken);
    watcher = await connect(app, roomId, bob.accessToken);
  });

  afterAll(async () => {
    await Promise.all([socket.close(), watcher.close()]);
    await app.close();
  });

  afterEach(() => jest.restoreAllMocks());

  const stored = () => app.dataSource.getRepository(Message).countBy({ roomId });
  const long = (length: number) => 'x'.repeat(length);

  /** [what, raw frame, expected error frame] */
  const cases: [string, string, object][] = [
    ['not JSON', 'hello', { code: 'bad_json' }],
    ['truncated JSON', '{"type":"message","content":"x"', { code: 'bad_json' }],
    ['an empty frame', '', { code: 'bad_json' }],
    [
      'an array',
      '[{"type":"ping"}]',
      { code: 'invalid', message: expect.stringContaining('object') },
    ],
    ['a number', '42', { code: 'invalid' }],
    ['a string', '"ping"', { code: 'invalid' }],
    ['null', 'null', { code: 'invalid' }],
    [
      'an object without type',
      '{}',
      { code: 'unknown_type', message: expect.stringContaining('type') },
    ],
    ['a numeric type', '{"type":5}', { code: 'unknown_type' }],
    [
      'an unknown type',
      '{"type":"dance"}',
      { code: 'unknown_type', message: expect.stringContaining('dance') },
    ],
    ['a server-only type', '{"type":"ready"}', { code: 'unknown_type' }],
    [
      'an unknown type with a clientId',
      '{"type":"dance","clientId":"c-1"}',
      { code: 'unknown_type', clientId: 'c-1' },
    ],
    [
      'a message without content',
      '{"type":"message","clientId":"c-2"}',
      { code: 'invalid', message: expect.stringContaining('content'), clientId: 'c-2' },
    ],
    [
      'a message with numeric content',
      '{"type":"message","content":5}',
      { code: 'invalid', message: expect.stringContaining('content') },
    ],
    [
      'a message with empty content',
      '{"type":"message","content":"","clientId":"c-3"}',
      { code: 'invalid', message: expect.stringContaining('content'), clientId: 'c-3' },
    ],
    [
      'a message of blanks only',
      '{"type":"message","content":"  \\n\\t "}',
      { code: 'invalid', message: expect.stringContaining('content') },
    ],
    [
      'a message over 4000 characters',
      JSON.stringify({ type: 'message', content: long(4001), clientId: 'c-4' }),
      { code: 'invalid', message: expect.stringContaining('4000'), clientId: 'c-4' },
    ],
    [
      'an empty clientId',
      '{"type":"message","content":"hi","clientId":""}',
      { code: 'invalid', message: expect.stringContaining('clientId'), clientId: '' },
    ],
    [
      'a clientId over 64 characters',
      JSON.stringify({ type: 'message', content: 'hi', clientId: long(65) }),
      { code: 'invalid', message: expect.stringContaining('clientId'), clientId: long(65) },
    ],
    [
      'a numeric clientId',
      '{"type":"message","content":"hi","clientId":7}',
      { code: 'invalid', message: expect.stringContaining('clientId'), clientId: 7 },
    ],
    [
      'an object clientId',
      '{"type":"message","content":"hi","clientId":{}}',
      { code: 'invalid', message: expect.stringContaining('clientId') },
    ],
    [
      'typing without isTyping',
      '{"type":"typing"}',
      { code: 'invalid', message: expect.stringContaining('isTyping') },
    ],
    [
      'typing with a string isTyping',
      '{"type":"typing","isTyping":"yes"}',
      { code: 'invalid', message: expect.stringContaining('isTyping') },
    ],
    [
      'read without seq',
      '{"type":"read"}',
      { code: 'invalid', message: expect.stringContaining('seq') },
    ],
    [
      'read with a negative seq',
      '{"type":"read","seq":-1}',
      { code: 'invalid', message: expect.stringContaining('seq') },
    ],
    [
      'read with a fractional seq',
      '{"type":"read","seq":1.5}',
      { code: 'invalid', message: expect.stringContaining('seq') },
    ],
    [
      'read with a string seq',
      '{"type":"read","seq":"3"}',
      { code: 'invalid', message: expect.stringContaining('seq') },
    ],
  ];

  it.each(cases)(
    'answers %s with an error frame, stores nothing, stays usable',
    async (_what, raw, expected) => {
      const before = await stored();
      socket.send(raw);
      const error = await socket.next('error');
      expect(error).toEqual({ type: 'error', message: expect.any(String), ...expected });
      if (!('clientId' in expected)) expect(error).not.toHaveProperty('clientId');
      await socket.sync();
      expect(await stored()).toBe(before);
      await watcher.sync();
      expect(watcher.untaken('message')).toEqual([]);
      expect(watcher.untaken('error')).toEqual([]);
    },
  );

  it('accepts JSON in a binary frame, ignores unknown fields, keeps 4000 characters after trimming', async () => {
    socket.ws.send(Buffer.from(JSON.stringify({ type: 'ping' })), { binary: true });
    await socket.next('pong');
    const content = long(4000);
    socket.send({ type: 'message', content: `  ${content}  `, clientId: null, extra: true });
    expect((await watcher.next('message')).message).toMatchObject({ content, clientId: null });
    await socket.next('message');
  });

  it('answers a failing service with internal and the clientId; the socket and the process live on', async () => {
    jest
      .spyOn(app.app.get(MessagesService), 'send')
      .mockRejectedValueOnce(new Error('disk on fire'));
    socket.send({ type: 'message', content: 'unlucky', clientId: 'boom-1' });
    expect(await socket.next('error')).toEqual({
      type: 'error',
      code: 'internal',
      message: 'Internal error',
      clientId: 'boom-1',
    });
    socket.send({ type: 'message', content: 'lucky', clientId: 'boom-1' });
    expect((await socket.next('message')).message).toMatchObject({ content: 'lucky' });
  });

  it('answers a handler that throws synchronously with internal', async () => {
    jest.spyOn(app.app.get(TypingTracker), 'set').mockImplementationOnce(() => {
      throw new Error('typing broke');
    });
    socket.send({ type: 'typing', isTyping: true });
    expect(await socket.next('error')).toMatchObject({ code: 'internal' });
    await socket.sync();
  });

  it('maps a domain refusal to its code: a read by a non-member is forbidden', async () => {
    await app.dataSource.getRepository(RoomMember).delete({ roomId, userId: bob.id });
    try {
      watcher.send({ type: 'read', seq: 1 });
      expect(await watcher.next('error')).toMatchObject({ code: 'forbidden' });
      await watcher.sync();
    } finally {
      await joinRoom(app, bob, roomId);
    }
  });

  it('answers, then closes with 4404, a send into a room that is gone', async () => {
    const doomed = await connect(app, roomId, ana.accessToken);
    jest
      .spyOn(app.app.get(MessagesService), 'send')
      .mockRejectedValueOnce(new AppError('not_found', `Room ${roomId} not found`));
    doomed.send({ type: 'message', content: 'anyone?', clientId: 'gone-1' });
    expect(await doomed.next('error')).toMatchObject({ code: 'forbidden', clientId: 'gone-1' });
    expect((await doomed.closeInfo()).code).toBe(4404);
  });

  it('closes with 1009 a frame over 64 KiB, and stores nothing', async () => {
    const big = await connect(app, roomId, ana.accessToken);
    const before = await stored();
    big.send({ type: 'message', content: long(70 * 1024) });
    expect((await big.closeInfo()).code).toBe(1009);
    await socket.sync();
    expect(await stored()).toBe(before);
  });
});
