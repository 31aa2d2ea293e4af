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

/** The document's messages of one direction (the server's `send` = server to client), by `type`. */
function documentFrames(
  document: AsyncAPIDocumentInterface,
  action: Direction,
): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const operation of document.operations().all()) {
    if (operation.action() !== action) continue;
    for (const message of operation.messages().all()) {
      const payload = message.payload()?.json() as Record<string, unknown> | undefined;
      const { shape } = shapeOfSchema(payload ?? {});
      const tag = shape.kind === 'object' ? shape.props.get('type')?.shape : undefined;
      if (tag?.kind !== 'literal' || tag.values.length !== 1)
        throw new Error(`message ${message.id()} has no single \`type\` const`);
      if (out.has(tag.values[0]))
        throw new Error(`two ${action} messages of type ${tag.values[0]}`);
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
  const serverFrames = unionMembers(checker, exported(FRAMES, 'ServerFrame'));
  const clientFrames = unionMembers(checker, exported(FRAMES, 'ClientFrame'));

  beforeAll(async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(
      readFileSync(DOCUMENT, 'utf8'),
    );
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    if (!parsed) throw new Error('docs/asyncapi.yaml does not parse');
    document = parsed;
  });

  it('is a valid AsyncAPI 3 document', () => {
    expect(document.version()).toMatch(/^3\./);
    expect(document.channels().get('room')?.address()).toBe('/api/ws/{roomId}');
  });

  it('lists the frame types that src/contract/frames.ts exports', () => {
    expect([...serverFrames.keys()].sort()).toEqual([...SERVER_FRAME_TYPES].sort());
    expect([...clientFrames.keys()].sort()).toEqual([...CLIENT_FRAME_TYPES].sort());
  });

  it('describes every server frame of the contract, field by field', () => {
    expect(diffFrames(serverFrames, documentFrames(document, 'send'))).toEqual([]);
  });

  it('describes every client frame of the contract, field by field', () => {
    expect(diffFrames(clientFrames, documentFrames(document, 'receive'))).toEqual([]);
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
    const frames = documentFrames(document, 'receive');
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
