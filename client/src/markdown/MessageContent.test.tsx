import type { UserRef } from '@contract/messages.js';
import { render } from '@testing-library/react';

import { MessageContent } from './MessageContent';

const ANA: UserRef = { id: 1, username: 'ana' };
const BOB: UserRef = { id: 2, username: 'Bob.B' };

function show(content: string, mentions: UserRef[] = [], mentionsRoom = false, meId = 1) {
  const { container } = render(
    <MessageContent
      content={content}
      mentions={mentions}
      mentionsRoom={mentionsRoom}
      meId={meId}
    />,
  );
  return container.querySelector('.markdown')!;
}

describe('MessageContent', () => {
  it('renders emphasis, strong, strike and inline code', () => {
    const root = show('*it* **bold** ~~gone~~ `x < y`');
    expect(root.querySelector('em')?.textContent).toBe('it');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelector('del')?.textContent).toBe('gone');
    expect(root.querySelector('code')?.textContent).toBe('x < y');
  });

  it('renders a fenced code block as pre > code, keeping its text verbatim', () => {
    const root = show('```\nconst a = **1**;\n  <b>x</b>\n```');
    const code = root.querySelector('pre > code');
    expect(code?.textContent).toBe('const a = **1**;\n  <b>x</b>\n');
    expect(root.querySelector('strong, b')).toBeNull();
  });

  it('renders block quotes and lists', () => {
    const root = show('> quoted\n\n- one\n- two\n\n1. first');
    expect(root.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    expect([...root.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual([
      'one',
      'two',
    ]);
    expect(root.querySelector('ol > li')?.textContent).toBe('first');
  });

  it('keeps the line breaks typed in a paragraph', () => {
    expect(show('Hi bob,\nhow are you?').querySelector('p')?.textContent).toBe(
      'Hi bob,\nhow are you?',
    );
  });

  it('puts no stray line breaks between the blocks of a list item or a quote', () => {
    const root = show('- one\n\n  more\n- two\n\n> a\n>\n> b');
    for (const block of root.querySelectorAll('ul, li, blockquote')) {
      const texts = [...block.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE);
      expect(texts.map((node) => node.textContent)).toEqual([]);
    }
    expect([...root.querySelectorAll('li > p')].map((p) => p.textContent)).toEqual([
      'one',
      'more',
      'two',
    ]);
  });

  it('opens links in a new tab without an opener or a referrer', () => {
    const root = show('[docs](https://example.com/a) and mailto:me@example.com');
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/a',
      'mailto:me@example.com',
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
  });

  it('links bare URLs', () => {
    const root = show('see https://example.com/x?y=1 and www.example.org');
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/x?y=1',
      'http://www.example.org',
    ]);
  });

  it('shows raw HTML as text and runs none of it', () => {
    const root = show('hi <script>alert(1)</script> <b onclick="x()">b</b>');
    expect(root.querySelector('script, b')).toBeNull();
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.textContent).toContain('<b onclick="x()">b</b>');
  });

  it('shows an HTML block as text too', () => {
    const root = show('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('shows image syntax as the text that was typed, never as an <img>', () => {
    const root = show(
      'look ![a cat](http://127.0.0.1:9/x.png) and ![ref][r]\n\n[r]: http://x/y.png',
    );
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('![a cat](http://127.0.0.1:9/x.png)');
    expect(root.textContent).toContain('![ref][r]');
  });

  it('shows footnotes as the text that was typed', () => {
    const root = show('see [^1]\n\n[^1]: the note');
    expect(root.querySelector('section, sup, a')).toBeNull();
    expect(root.textContent).toContain('see [^1]');
    expect(root.textContent).toContain('[^1]: the note');
  });

  it('makes no link of javascript:, data: or relative URLs', () => {
    const root = show(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x) [d](/rooms/1)',
    );
    expect(root.querySelector('a')).toBeNull();
    expect(root.textContent).toBe('a b c d');
  });

  it('renders headings as bold paragraphs, not page titles', () => {
    const root = show('# Big news');
    expect(root.querySelector('h1')).toBeNull();
    expect(root.querySelector('p.md-heading > strong')?.textContent).toBe('Big news');
  });

  it('makes chips of mentioned users, case-insensitively, marking the reader', () => {
    const root = show('hi @ANA and @bob.b. and @carol', [ANA, BOB], false, 1);
    const chips = [...root.querySelectorAll('span.mention')];
    expect(chips.map((chip) => [chip.textContent, chip.className])).toEqual([
      ['@ANA', 'mention mention-me'],
      ['@bob.b', 'mention'],
    ]);
    expect(root.textContent).toBe('hi @ANA and @bob.b. and @carol');
  });

  it('marks nobody as the reader when the reader is not mentioned', () => {
    const root = show('hi @ana', [ANA], false, 99);
    expect(root.querySelector('.mention')?.className).toBe('mention');
    expect(root.querySelector('.mention-me')).toBeNull();
  });

  it('makes chips of @room and @all only when the server says the room was mentioned', () => {
    expect(show('@room @all', [], true).querySelectorAll('.mention.mention-room')).toHaveLength(2);
    expect(show('@room @all', [], false).querySelector('.mention')).toBeNull();
  });

  it('leaves mentions inside code, links and e-mail addresses alone', () => {
    const root = show('`@ana` [@ana](https://x.org) ana@ana.org\n```\n@ana\n```', [ANA]);
    expect(root.querySelector('.mention')).toBeNull();
    expect(root.querySelector('code')?.textContent).toBe('@ana');
  });

  it('makes a chip of a mention inside emphasis', () => {
    const root = show('**@ana**', [ANA]);
    expect(root.querySelector('strong > .mention-me')?.textContent).toBe('@ana');
  });
});
