/**
 * Two remark plugins for chat messages, written against the bare mdast shape so the client
 * depends on no unist helper it does not declare.
 */

interface Point {
  offset?: number;
}

export interface MdNode {
  type: string;
  value?: string;
  url?: string;
  alt?: string | null;
  children?: MdNode[];
  position?: { start: Point; end: Point };
  data?: Record<string, unknown>;
}

interface SourceFile {
  value?: unknown;
}

// Where a mention chip would be wrong: a link's label, or a chip already made.
const NO_MENTIONS_IN = new Set(['link', 'linkReference', 'mention']);
const MENTION = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]+)/g;

function walk(node: MdNode, visit: (parent: MdNode) => void): void {
  if (!node.children) return;
  visit(node);
  for (const child of node.children) walk(child, visit);
}

// Shown as the text that was typed: images (no request to their URL) and footnotes (their
// ids would repeat from message to message).
const INLINE_LITERALS = new Set(['image', 'imageReference', 'footnoteReference']);
const BLOCK_LITERALS = new Set(['footnoteDefinition']);

/** `![x](url)` and `[^1]` stay the text that was typed: no <img>, no footnote section. */
export function remarkLiterals() {
  return (tree: MdNode, file: SourceFile) => {
    const source = typeof file.value === 'string' ? file.value : String(file.value ?? '');
    walk(tree, (parent) => {
      parent.children = parent.children!.map((child) => {
        const block = BLOCK_LITERALS.has(child.type);
        if (!block && !INLINE_LITERALS.has(child.type)) return child;
        const start = child.position?.start.offset;
        const end = child.position?.end.offset;
        const literal: MdNode = {
          type: 'text',
          value:
            start !== undefined && end !== undefined
              ? source.slice(start, end)
              : `![${child.alt ?? ''}](${child.url ?? ''})`,
        };
        return block ? { type: 'paragraph', children: [literal] } : literal;
      });
    });
  };
}

export interface MentionOptions {
  /** Lower-cased usernames of the users the server found mentioned, with their class. */
  users: Map<string, string>;
  mentionsRoom: boolean;
}

function chip(text: string, className: string): MdNode {
  return {
    type: 'mention',
    children: [{ type: 'text', value: text }],
    data: { hName: 'span', hProperties: { className: className.split(' ') } },
  };
}

/** The class of a mention of `name`, or null when it names nobody the server recognised. */
function mentionClass(name: string, options: MentionOptions): string | null {
  const lower = name.toLowerCase();
  if (lower === 'room' || lower === 'all') {
    return options.mentionsRoom ? 'mention mention-room' : null;
  }
  return options.users.get(lower) ?? null;
}

function splitMentions(value: string, options: MentionOptions): MdNode[] | null {
  const parts: MdNode[] = [];
  let last = 0;
  for (const match of value.matchAll(MENTION)) {
    let name = match[2];
    let className = mentionClass(name, options);
    // "@ana." at the end of a sentence: the dot is punctuation, not part of the name.
    while (!className && /[.-]$/.test(name)) {
      name = name.slice(0, -1);
      className = mentionClass(name, options);
    }
    if (!className) continue;
    const at = match.index + match[1].length;
    if (at > last) parts.push({ type: 'text', value: value.slice(last, at) });
    parts.push(chip(`@${name}`, className));
    last = at + 1 + name.length;
  }
  if (parts.length === 0) return null;
  if (last < value.length) parts.push({ type: 'text', value: value.slice(last) });
  return parts;
}

/** `@username` of a mentioned user, and `@room` / `@all`, become chips; code stays code. */
export function remarkMentions(options: MentionOptions) {
  const visit = (parent: MdNode): void => {
    if (!parent.children || NO_MENTIONS_IN.has(parent.type)) return;
    parent.children = parent.children.flatMap((child) => {
      if (child.type !== 'text' || !child.value) {
        visit(child);
        return [child];
      }
      return splitMentions(child.value, options) ?? [child];
    });
  };
  return visit;
}

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  children?: HastNode[];
}

// Blocks whose own text children are only the line ends between their child blocks.
const BLOCK_CONTAINERS = new Set(['li', 'ul', 'ol', 'blockquote', 'table', 'thead', 'tbody', 'tr']);

/**
 * Drops the "\n" text between the blocks of a list item or a quote: paragraphs keep their
 * typed line breaks (white-space: pre-wrap), so these would show as blank lines.
 */
export function rehypeBlockWhitespace() {
  const visit = (node: HastNode): void => {
    if (!node.children || node.tagName === 'pre') return;
    if (node.type === 'element' && BLOCK_CONTAINERS.has(node.tagName ?? '')) {
      node.children = node.children.filter(
        (child) => child.type !== 'text' || (child.value ?? '').trim() !== '',
      );
    }
    node.children.forEach(visit);
  };
  return visit;
}
