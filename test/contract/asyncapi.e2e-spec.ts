import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';

import { CLIENT_FRAME_TYPES, CloseCode, SERVER_FRAME_TYPES } from '../../src/contract/frames.js';
import {
  contractTypes,
  diffShapes,
  shapeOfSchema,
  shapeOfType,
  unionMembers,
  type Shape,
} from './shapes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DOCUMENT = `${root}docs/asyncapi.yaml`;
const FRAMES = `${root}src/contract/frames.ts`;
const MESSAGES = `${root}src/contract/messages.ts`;

type Direction = 'send' | 'receive';

/** The two sockets: the document's channel, and the contract's unions of each direction. */
const SOCKETS = [
  { channel: 'room', address: '/api/ws/{roomId}', send: 'ServerFrame', receive: 'ClientFrame' },
  { channel: 'user', address: '/api/ws', send: 'UserSocketFrame', receive: 'UserClientFrame' },
] as const;

/**
 * The document's messages of one channel and direction (the server's `send` = server to
 * client), by `type`.
 */
function documentFrames(
  document: AsyncAPIDocumentInterface,
  channel: string,
  action: Direction,
): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const operation of document.operations().all()) {
    if (operation.action() !== action) continue;
    if (
      !operation
        .channels()
        .all()
        .some((of) => of.id() === channel)
    )
      continue;
    for (const message of operation.messages().all()) {
      const payload = message.payload()?.json() as Record<string, unknown> | undefined;
      const { shape } = shapeOfSchema(payload ?? {});
      const tag = shape.kind === 'object' ? shape.props.get('type')?.shape : undefined;
      if (tag?.kind !== 'literal' || tag.values.length !== 1)
        throw new Error(`message ${message.id()} has no single \`type\` const`);
      if (out.has(tag.values[0]))
        throw new Error(`two ${action} messages of type ${tag.values[0]} on ${channel}`);
      out.set(tag.values[0], shape);
    }
  }
  return out;
}

function diffFrames(contract: Map<string, Shape>, document: Map<string, Shape>): string[] {
  const out: string[] = [];
  for (const [type, shape] of contract) {
    const other = document.get(type);
    if (other) out.push(...diffShapes(shape, other, type));
    else out.push(`${type}: a frame of the contract, missing from the document`);
  }
  for (const type of document.keys())
    if (!contract.has(type))
      out.push(`${type}: a frame of the document, missing from the contract`);
  return out;
}

describe('docs/asyncapi.yaml', () => {
  let document: AsyncAPIDocumentInterface;
  const { checker, exported } = contractTypes([FRAMES, MESSAGES]);
  const contract = (name: string) => unionMembers(checker, exported(FRAMES, name));
  const serverFrames = contract('ServerFrame');
  const clientFrames = contract('ClientFrame');
  const userServerFrames = contract('UserSocketFrame');
  const userClientFrames = contract('UserClientFrame');

  beforeAll(async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(
      readFileSync(DOCUMENT, 'utf8'),
    );
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    if (!parsed) throw new Error('docs/asyncapi.yaml does not parse');
    document = parsed;
  });

  it('is a valid AsyncAPI 3 document with a channel for each socket', () => {
    expect(document.version()).toMatch(/^3\./);
    for (const socket of SOCKETS) {
      expect(document.channels().get(socket.channel)?.address()).toBe(socket.address);
    }
  });

  it('lists the frame types that src/contract/frames.ts exports', () => {
    const union = (...maps: Map<string, Shape>[]) =>
      [...new Set(maps.flatMap((map) => [...map.keys()]))].sort();
    expect(union(serverFrames, userServerFrames)).toEqual([...SERVER_FRAME_TYPES].sort());
    expect(union(clientFrames, userClientFrames)).toEqual([...CLIENT_FRAME_TYPES].sort());
  });

  describe.each(SOCKETS)('the $channel socket ($address)', (socket) => {
    it(`describes every server frame of ${socket.send}, field by field`, () => {
      const frames = contract(socket.send);
      expect(diffFrames(frames, documentFrames(document, socket.channel, 'send'))).toEqual([]);
    });

    it(`describes every client frame of ${socket.receive}, field by field`, () => {
      const frames = contract(socket.receive);
      expect(diffFrames(frames, documentFrames(document, socket.channel, 'receive'))).toEqual([]);
    });
  });

  it('gives every room frame of the per-user socket a roomId, and no other change', () => {
    // The per-user socket sends a room's frames as the room socket does, plus `roomId`.
    const own = ['ready', 'error', 'pong'];
    const withRoomId = (shape: Shape): Shape => {
      if (shape.kind !== 'object') return shape;
      const props = new Map(shape.props);
      props.set('roomId', {
        optional: false,
        nullable: false,
        shape: { kind: 'scalar', types: ['number'] },
      });
      return { kind: 'object', props };
    };
    const scoped = [...serverFrames].filter(([type]) => !own.includes(type));
    expect(scoped.length).toBeGreaterThan(0);
    for (const [type, shape] of scoped) {
      const user = userServerFrames.get(type);
      expect({ type, present: user !== undefined }).toEqual({ type, present: true });
      expect(diffShapes(withRoomId(shape), user!, type)).toEqual([]);
    }
    for (const [type, shape] of [...clientFrames].filter(([type]) => type !== 'ping')) {
      expect(diffShapes(withRoomId(shape), userClientFrames.get(type)!, type)).toEqual([]);
    }
  });

  it('describes the Message of src/contract/messages.ts in full', () => {
    const { shape: message } = shapeOfType(checker, exported(MESSAGES, 'Message'));
    const schema = document.components().schemas().get('Message')?.json();
    if (typeof schema !== 'object') throw new Error('no Message schema in the document');
    const { shape } = shapeOfSchema(schema as Record<string, unknown>);
    expect(diffShapes(message, shape, 'Message')).toEqual([]);
  });

  it('names every close code of the contract', () => {
    const text = document.info().description() ?? '';
    for (const code of Object.values(CloseCode)) expect(text).toContain(`\`${code}\``);
  });

  it('reports a drift: a field missing, an optional made required, a frame missing', () => {
    const frames = documentFrames(document, 'room', 'receive');
    const message = frames.get('message');
    if (message?.kind !== 'object') throw new Error('no client message frame');
    const drifted = new Map(frames);
    const props = new Map(message.props);
    props.delete('replyToId');
    props.set('clientId', { ...props.get('clientId')!, optional: false });
    drifted.set('message', { kind: 'object', props });
    drifted.delete('ping');
    expect(diffFrames(clientFrames, drifted)).toEqual([
      'message.clientId: optional in the contract, required in the document',
      'message.replyToId: in the contract, missing from the document',
      'ping: a frame of the contract, missing from the document',
    ]);
  });
});
