import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Env } from '@/lib/env';

/**
 * What every instance of the app must share: the account token, the jsapi_ticket and their locks. Values expire
 * with the key (Redis `PX`), so a central token service can write the same keys (README: the store's keys).
 */
export interface SharedStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** `SET key value NX PX ttlMs`: true when this caller now holds the key. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only while it still holds `value` (a lock's owner, the token that failed). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
}

/** The store could not be reached or did not answer in time. Its message names no URL (it may carry a password). */
export class StoreUnavailableError extends Error {
  // Spelled out: the production minifier renames classes.
  override readonly name: string = 'StoreUnavailableError';
}

/** Another instance held the lock for longer than the bounded wait: for this value, the store is as good as down. */
export class StoreBusyError extends StoreUnavailableError {
  override readonly name = 'StoreBusyError';
}

/** The embedded default: right for one instance, shared by nothing else. */
export function createMemoryStore(now: () => number = Date.now): SharedStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const read = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt > now()) return entry.value;
    entries.delete(key);
    return null;
  };
  return {
    get: async (key) => read(key),
    set: async (key, value, ttlMs) => {
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    setIfAbsent: async (key, value, ttlMs) => {
      if (read(key) !== null) return false;
      entries.set(key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    deleteIfEquals: async (key, value) => read(key) === value && entries.delete(key),
  };
}

/** A store that is down: every operation fails as an unreachable Redis would. */
export function createDownStore(): SharedStore {
  const down = async (): Promise<never> => {
    throw new StoreUnavailableError('the shared store is down');
  };
  return { get: down, set: down, setIfAbsent: down, deleteIfEquals: down };
}

/**
 * Redis when REDIS_URL is set, else in-process memory (one instance). The Redis client is imported here, on first
 * use, not with the module: loading it costs a cold start about 0.2 s and 20 MB, and only the share card needs it.
 */
export async function openStore(env: Pick<Env, 'redisUrl' | 'timeoutMs'>): Promise<SharedStore> {
  if (!env.redisUrl) return createMemoryStore();
  const { createRedisStore } = await import('./redis');
  return createRedisStore({ url: env.redisUrl, timeoutMs: Math.min(env.timeoutMs, 2000) });
}

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
