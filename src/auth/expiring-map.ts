interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A map whose entries live `ttlMs` after they were last set, holding at most `capacity`:
 * when full, the entry set longest ago goes first. One TTL for all keeps insertion order
 * equal to expiry order, so pruning only ever looks at the front.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
  ) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  has(key: K, now = Date.now()): boolean {
    return this.get(key, now) !== undefined;
  }

  /** Sets (or refreshes) the entry, moving it to the back of the line. */
  set(key: K, value: V, now = Date.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    this.prune(now);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.capacity) return;
      this.entries.delete(key);
    }
  }
}
