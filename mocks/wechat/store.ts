/** A map whose entries expire, bounded in size: the mock's memory does not grow with traffic. */
export class ExpiringStore<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private writes = 0;

  constructor(
    private readonly now: () => number,
    private readonly maxEntries: number,
    private readonly sweepEvery = 256,
  ) {}

  set(key: string, value: V, ttlMs: number): void {
    if (++this.writes % this.sweepEvery === 0) this.sweep();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** An expired entry answers 'expired' (WeChat's 42001/42002 are stable) until a sweep or eviction drops it. */
  get(key: string): V | 'expired' | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    return entry.expiresAt <= this.now() ? 'expired' : entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
