import ts from 'typescript';

/**
 * One description of a JSON value, read either from a TypeScript type (the contract) or from
 * a JSON Schema (docs/asyncapi.yaml), so that the two can be compared field by field.
 */
export type Shape =
  | { kind: 'object'; props: Map<string, Field> }
  | { kind: 'array'; items: Shape }
  | { kind: 'literal'; values: string[] }
  | { kind: 'scalar'; types: string[] }
  | { kind: 'unknown'; what: string };

export interface Field {
  optional: boolean;
  nullable: boolean;
  shape: Shape;
}

/** The differences between the contract (`ts`) and the document (`doc`), one line each. */
export function diffShapes(ts: Shape, doc: Shape, path: string): string[] {
  if (ts.kind !== doc.kind)
    return [`${path}: ${describe(ts)} in the contract, ${describe(doc)} in the document`];
  if (ts.kind === 'array' && doc.kind === 'array')
    return diffShapes(ts.items, doc.items, `${path}[]`);
  if (ts.kind === 'object' && doc.kind === 'object') return diffObjects(ts, doc, path);
  if (describe(ts) !== describe(doc))
    return [`${path}: ${describe(ts)} in the contract, ${describe(doc)} in the document`];
  return [];
}

function diffObjects(
  ts: { props: Map<string, Field> },
  doc: { props: Map<string, Field> },
  path: string,
): string[] {
  const out: string[] = [];
  for (const [name, a] of ts.props) {
    const b = doc.props.get(name);
    const at = `${path}.${name}`;
    if (!b) {
      out.push(`${at}: in the contract, missing from the document`);
      continue;
    }
    if (a.optional !== b.optional)
      out.push(`${at}: ${opt(a.optional)} in the contract, ${opt(b.optional)} in the document`);
    if (a.nullable !== b.nullable)
      out.push(`${at}: ${nul(a.nullable)} in the contract, ${nul(b.nullable)} in the document`);
    out.push(...diffShapes(a.shape, b.shape, at));
  }
  for (const name of doc.props.keys())
    if (!ts.props.has(name))
      out.push(`${path}.${name}: in the document, missing from the contract`);
  return out;
}

const opt = (optional: boolean) => (optional ? 'optional' : 'required');
const nul = (nullable: boolean) => (nullable ? 'nullable' : 'not nullable');

function describe(shape: Shape): string {
  switch (shape.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'literal':
      return `one of ${[...shape.values].sort().join('|')}`;
    case 'scalar':
      return [...shape.types].sort().join('|');
    case 'unknown':
      return `unsupported (${shape.what})`;
  }
}

// ---- TypeScript ----

const NULLISH = ts.TypeFlags.Null | ts.TypeFlags.Undefined;

/** The shape of a contract type; `nullable` says whether `null` is one of its members. */
export function shapeOfType(checker: ts.TypeChecker, type: ts.Type): Field {
  const members = type.isUnion() ? type.types : [type];
  const nullable = members.some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
  const rest = members.filter((t) => (t.flags & NULLISH) === 0);
  return { optional: false, nullable, shape: shapeOfMembers(checker, rest) };
}

function shapeOfMembers(checker: ts.TypeChecker, members: ts.Type[]): Shape {
  if (members.length > 0 && members.every((t) => t.isStringLiteral()))
    return { kind: 'literal', values: members.map((t) => (t as ts.StringLiteralType).value) };
  const scalars = new Set<string>();
  for (const t of members) {
    if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) scalars.add('string');
    else if (t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) scalars.add('number');
    else if (t.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) scalars.add('boolean');
  }
  if (scalars.size === members.length && scalars.size > 0)
    return { kind: 'scalar', types: [...scalars] };
  // `boolean` is the union true | false: two members, one scalar.
  if (
    scalars.size === 1 &&
    scalars.has('boolean') &&
    members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)
  )
    return { kind: 'scalar', types: ['boolean'] };
  if (members.length !== 1)
    return { kind: 'unknown', what: members.map((t) => checker.typeToString(t)).join(' | ') };
  const [t] = members;
  if (checker.isArrayType(t)) {
    const [item] = checker.getTypeArguments(t as ts.TypeReference);
    return { kind: 'array', items: shapeOfType(checker, item).shape };
  }
  // An intersection (`F & { roomId: number }`) is one object with the members' properties.
  if (t.flags & ts.TypeFlags.Object || t.isIntersection()) {
    const props = new Map<string, Field>();
    for (const symbol of checker.getPropertiesOfType(t)) {
      const field = shapeOfType(checker, checker.getTypeOfSymbol(symbol));
      field.optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
      props.set(symbol.name, field);
    }
    return { kind: 'object', props };
  }
  return { kind: 'unknown', what: checker.typeToString(t) };
}

/** The members of an exported union type (following aliases), each with its `type` literal. */
export function unionMembers(checker: ts.TypeChecker, type: ts.Type): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const member of type.isUnion() ? type.types : [type]) {
    const { shape } = shapeOfType(checker, member);
    if (shape.kind !== 'object')
      throw new Error(`${checker.typeToString(member)} is not an object`);
    const tag = shape.props.get('type')?.shape;
    if (tag?.kind !== 'literal' || tag.values.length !== 1)
      throw new Error(`${checker.typeToString(member)} has no single \`type\` literal`);
    out.set(tag.values[0], shape);
  }
  return out;
}

/** Compiles the contract files and returns a lookup of their exported types. */
export function contractTypes(files: string[]): {
  checker: ts.TypeChecker;
  exported: (file: string, name: string) => ts.Type;
} {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const exported = (file: string, name: string) => {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    const symbol = module && checker.getExportsOfModule(module).find((s) => s.name === name);
    if (!symbol) throw new Error(`${file} exports no ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  return { checker, exported };
}

// ---- JSON Schema (dereferenced) ----

type Schema = Record<string, unknown>;

/** The shape of a dereferenced JSON Schema: allOf merged, `null` branches made `nullable`. */
export function shapeOfSchema(input: Schema): Field {
  const schema = mergeAllOf(input);
  let nullable = false;
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branches) {
    const rest = branches.map(mergeAllOf).filter((b) => {
      const isNull = b.type === 'null';
      nullable ||= isNull;
      return !isNull;
    });
    if (rest.length !== 1)
      return { optional: false, nullable, shape: { kind: 'unknown', what: 'oneOf' } };
    const inner = shapeOfSchema(rest[0]);
    return { optional: false, nullable: nullable || inner.nullable, shape: inner.shape };
  }
  const types = ([] as unknown[]).concat(schema.type ?? []).map(String);
  nullable = types.includes('null');
  const rest = types.filter((t) => t !== 'null');
  return { optional: false, nullable, shape: shapeOfNonNull(schema, rest) };
}

function shapeOfNonNull(schema: Schema, types: string[]): Shape {
  if (schema.const !== undefined) return { kind: 'literal', values: [String(schema.const)] };
  if (Array.isArray(schema.enum)) return { kind: 'literal', values: schema.enum.map(String) };
  if (types.length === 1 && types[0] === 'object') {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const props = new Map<string, Field>();
    for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      const field = shapeOfSchema(sub);
      field.optional = !required.has(name);
      props.set(name, field);
    }
    return { kind: 'object', props };
  }
  if (types.length === 1 && types[0] === 'array')
    return { kind: 'array', items: shapeOfSchema((schema.items ?? {}) as Schema).shape };
  const scalars = new Set(types.map((t) => (t === 'integer' ? 'number' : t)));
  if (scalars.size > 0 && [...scalars].every((t) => ['string', 'number', 'boolean'].includes(t)))
    return { kind: 'scalar', types: [...scalars] };
  return { kind: 'unknown', what: JSON.stringify(types) };
}

function mergeAllOf(schema: Schema): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...own } = schema;
  const merged: Schema = {};
  for (const part of [...(allOf as Schema[]).map(mergeAllOf), own]) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties')
        merged.properties = { ...(merged.properties as Schema), ...(value as Schema) };
      else if (key === 'required')
        merged.required = [...((merged.required as string[]) ?? []), ...(value as string[])];
      else merged[key] = value;
    }
  }
  return merged;
}
