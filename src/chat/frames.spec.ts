import { FrameError, parseClientFrame } from './frames.js';

describe(parseClientFrame.name, () => {
  const parse = (frame: unknown, perUser = false) =>
    parseClientFrame(
      Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame)),
      perUser,
    );
  const refusal = (frame: unknown, perUser = false): FrameError => {
    try {
      parse(frame, perUser);
    } catch (error) {
      return error as FrameError;
    }
    throw new Error('the frame was accepted');
  };

  it('accepts every client frame of the contract', () => {
    expect(parse({ type: 'message', content: ' hi ', clientId: 'c' })).toEqual({
      type: 'message',
      roomId: null,
      content: 'hi',
      clientId: 'c',
      replyToId: null,
      attachmentIds: [],
    });
    expect(parse({ type: 'message', content: 'hi', replyToId: 7 })).toMatchObject({
      replyToId: 7,
    });
    expect(parse({ type: 'message', content: ' ', attachmentIds: [3, 1] })).toMatchObject({
      content: '',
      attachmentIds: [3, 1],
    });
    expect(parse({ type: 'message', content: 'hi' })).toEqual({
      type: 'message',
      roomId: null,
      content: 'hi',
      clientId: null,
      replyToId: null,
      attachmentIds: [],
    });
    expect(parse({ type: 'typing', isTyping: false })).toEqual({
      type: 'typing',
      roomId: null,
      isTyping: false,
    });
    expect(parse({ type: 'read', seq: 0 })).toEqual({ type: 'read', roomId: null, seq: 0 });
    expect(parse({ type: 'ping', extra: 1 })).toEqual({ type: 'ping' });
  });

  it('on the per-user socket: a room for every room frame, subscribe and unsubscribe', () => {
    expect(parse({ type: 'read', roomId: 4, seq: 9 }, true)).toEqual({
      type: 'read',
      roomId: 4,
      seq: 9,
    });
    expect(parse({ type: 'subscribe', roomId: 4 }, true)).toEqual({
      type: 'subscribe',
      roomId: 4,
      since: null,
    });
    expect(parse({ type: 'subscribe', roomId: 4, since: 12 }, true)).toMatchObject({ since: 12 });
    expect(parse({ type: 'unsubscribe', roomId: 4 }, true)).toEqual({
      type: 'unsubscribe',
      roomId: 4,
    });
    expect(refusal({ type: 'typing', isTyping: true }, true)).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('roomId'),
    });
    expect(refusal({ type: 'subscribe', roomId: 4, since: -1 }, true)).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('since'),
      roomId: 4,
    });
    expect(
      refusal({ type: 'message', roomId: 4, content: ' ', clientId: 'k' }, true),
    ).toMatchObject({ code: 'invalid', clientId: 'k', roomId: 4 });
    // The room socket knows no subscriptions.
    expect(refusal({ type: 'subscribe', roomId: 4 }).code).toBe('unknown_type');
  });

  it('tells bad JSON, non-objects, unknown types and bad fields apart', () => {
    expect(refusal('{').code).toBe('bad_json');
    expect(refusal('[]').code).toBe('invalid');
    expect(refusal('null').code).toBe('invalid');
    expect(refusal({}).code).toBe('unknown_type');
    expect(refusal({ type: 'pong' }).code).toBe('unknown_type');
    expect(refusal({ type: 'message', content: '' })).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('content'),
    });
    expect(refusal({ type: 'read', seq: 2 ** 53 })).toMatchObject({ code: 'invalid' });
    for (const attachmentIds of [
      [],
      [1, 1],
      [0],
      ['1'],
      5,
      Array.from({ length: 11 }, (_, i) => i + 1),
    ]) {
      expect(refusal({ type: 'message', content: 'x', attachmentIds })).toMatchObject({
        code: 'invalid',
        message: expect.stringContaining('attachmentIds'),
      });
    }
  });

  it('carries the clientId of a refused frame', () => {
    expect(refusal({ type: 'message', content: ' ', clientId: 'k' }).clientId).toBe('k');
    expect(refusal({ type: 'nope', clientId: 3 }).clientId).toBe(3);
    expect(refusal({ type: 'message', content: 'x', clientId: [] }).clientId).toBeUndefined();
  });

  it('counts 4000 characters after trimming', () => {
    expect(parse({ type: 'message', content: ` ${'a'.repeat(4000)} ` })).toMatchObject({
      type: 'message',
    });
    expect(refusal({ type: 'message', content: 'a'.repeat(4001) }).code).toBe('invalid');
    expect(refusal({ type: 'message', content: 'a\u0000b' })).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('NUL'),
    });
    expect(refusal({ type: 'message', content: 'ab', clientId: 'c\u0000' })).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('clientId'),
    });
    for (const replyToId of [0, -1, 1.5, '7', 2 ** 31]) {
      expect(refusal({ type: 'message', content: 'hi', replyToId, clientId: 'r' })).toMatchObject({
        code: 'invalid',
        message: expect.stringContaining('replyToId'),
        clientId: 'r',
      });
    }
  });
});
