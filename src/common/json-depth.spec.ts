import { nestsDeeperThan } from './json-depth.js';

const bytes = (text: string) => Buffer.from(text);

describe(nestsDeeperThan.name, () => {
  it('measures objects and arrays together', () => {
    expect(nestsDeeperThan(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
  });

  it('counts depth, not the number of containers', () => {
    const wide = `[${'{"a":[1]},'.repeat(1000)}{}]`;
    expect(nestsDeeperThan(bytes(wide), 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(bytes(`{"a":"[[[[{{{{"}`), 2)).toBe(false);
    expect(nestsDeeperThan(bytes(`{"a":"\\"[[[[\\\\"}`), 2)).toBe(false);
    expect(nestsDeeperThan(bytes(`{"a":"\\\\",  "b":[[[1]]]}`), 3)).toBe(true);
  });

  it('finds 15,000 levels without recursion', () => {
    expect(nestsDeeperThan(bytes('['.repeat(15_000) + ']'.repeat(15_000)), 32)).toBe(true);
  });
});
