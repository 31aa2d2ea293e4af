import { ExpiringMap } from './expiring-map.js';

describe(ExpiringMap.name, () => {
  it('forgets an entry its TTL after it was last set', () => {
    const map = new ExpiringMap<string, number>(1000, 10);
    map.set('a', 1, 0);
    expect(map.get('a', 999)).toBe(1);
    map.set('a', 2, 500);
    expect(map.get('a', 1499)).toBe(2);
    expect(map.has('a', 1500)).toBe(false);
    expect(map.size).toBe(0);
  });

  it('holds at most its capacity, dropping the entry set longest ago', () => {
    const map = new ExpiringMap<number, true>(60_000, 3);
    for (let key = 1; key <= 4; key++) map.set(key, true, key);
    map.set(2, true, 5);
    map.set(5, true, 6);
    expect(map.size).toBe(3);
    expect([1, 2, 3, 4, 5].filter((key) => map.has(key, 7))).toEqual([2, 4, 5]);
  });

  it('drops expired entries from the front when another is set', () => {
    const map = new ExpiringMap<number, true>(100, 1000);
    for (let key = 0; key < 50; key++) map.set(key, true, key);
    map.set(99, true, 200);
    expect(map.size).toBe(1);
  });

  it('deletes', () => {
    const map = new ExpiringMap<string, true>(100, 10);
    map.set('a', true, 0);
    map.delete('a');
    expect(map.get('a', 1)).toBeUndefined();
  });
});
