import 'server-only';
import { randomBytes } from 'node:crypto';
import { StoreBusyError, type SharedStore } from './types';

export interface Fetched {
  value: string;
  /** How long the value may be used, in ms: the key's TTL. */
  ttlMs: number;
}

export interface SingleFlightOptions {
  /** How long a lock lives if its holder crashes, in ms: longer than one fetch can take. */
  lockTtlMs: number;
  /** How long a caller waits for another's fetch before giving up, in ms. */
  maxWaitMs: number;
  pollMs?: number;
  /**
   * How long, in ms, every instance answers "busy" without trying again after a fetch failed with this error
   * (0: not at all). It keeps a failing WeChat from being asked again on every request, quota and log included.
   */
  backoffMs?: (error: unknown) => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The value under `key`, fetched at most once across every instance sharing the store: `SET lock NX PX`, a re-check
 * once the lock is held (another holder may have just written it), and a bounded wait for everyone else. Callers in
 * one process share one attempt, so only one of them polls the store.
 */
export function createSingleFlight(store: SharedStore, options: SingleFlightOptions) {
  const inProcess = new Map<string, Promise<string>>();
  const pollMs = options.pollMs ?? 25;

  async function attempt(key: string, fetch: () => Promise<Fetched>): Promise<string> {
    const lockKey = `${key}:lock`;
    const backoffKey = `${key}:backoff`;
    const deadline = performance.now() + options.maxWaitMs;
    for (;;) {
      const cached = await store.get(key);
      if (cached !== null) return cached;
      if ((await store.get(backoffKey)) !== null) throw new StoreBusyError(`${key} failed moments ago`);
      const owner = randomBytes(12).toString('hex');
      if (await store.setIfAbsent(lockKey, owner, options.lockTtlMs)) {
        try {
          const written = await store.get(key);
          if (written !== null) return written;
          const fetched = await fetch().catch(async (error: unknown) => {
            const backoffMs = options.backoffMs?.(error) ?? 0;
            if (backoffMs > 0) await store.set(backoffKey, '1', backoffMs).catch(() => undefined);
            throw error;
          });
          if (fetched.ttlMs > 0) await store.set(key, fetched.value, fetched.ttlMs);
          return fetched.value;
        } finally {
          await store.deleteIfEquals(lockKey, owner).catch(() => false);
        }
      }
      if (performance.now() >= deadline) throw new StoreBusyError(`no value for ${key} within the wait`);
      await sleep(pollMs);
    }
  }

  return function get(key: string, fetch: () => Promise<Fetched>): Promise<string> {
    const running = inProcess.get(key);
    if (running) return running;
    const started = attempt(key, fetch).finally(() => inProcess.delete(key));
    inProcess.set(key, started);
    return started;
  };
}
