import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Env } from '@/lib/env';

/** Shared by every instance; values expire with the key (Redis `PX`), so a token service can write them too. */
export interface SharedStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  deleteIfEquals(key: string, value: string): Promise<boolean>;
}

/** Its message names no URL: that may carry a password. The name is spelled out: the minifier renames classes. */
export class StoreUnavailableError extends Error {
  override readonly name: string = 'StoreUnavailableError';
}

/** Another instance held the lock past the bounded wait: for this value, the store is as good as down. */
class StoreBusyError extends StoreUnavailableError {
  override readonly name = 'StoreBusyError';
}

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

export function createDownStore(): SharedStore {
  const down = async (): Promise<never> => {
    throw new StoreUnavailableError('the shared store is down');
  };
  return { get: down, set: down, setIfAbsent: down, deleteIfEquals: down };
}

// Route bundles each get their own copy of this module: the one in-process store of a process lives on globalThis.
const MEMORY = Symbol.for('wechat-oauth-next.memory-store');

// The Redis client is imported on first use: loading it costs a cold start about 0.2 s and 20 MB.
export async function openStore(env: Pick<Env, 'redisUrl' | 'timeoutMs'>): Promise<SharedStore> {
  if (!env.redisUrl)
    return ((globalThis as typeof globalThis & { [MEMORY]?: SharedStore })[MEMORY] ??= createMemoryStore());
  const { createRedisStore } = await import('./redis');
  return createRedisStore({ url: env.redisUrl, timeoutMs: Math.min(env.timeoutMs, 2000) });
}

interface Fetched {
  value: string;
  ttlMs: number;
}

interface SingleFlightOptions {
  /** How long a lock lives if its holder crashes: longer than one fetch can take. */
  lockTtlMs: number;
  maxWaitMs: number;
  pollMs?: number;
  /** How long every instance answers "busy" after a fetch failed, so a failing WeChat is not asked every time. */
  backoffMs?: (error: unknown) => number;
  /** Where that is noted: beside the key, unless one failure stands for many keys (one account's user/info). */
  backoffKey?: (key: string) => string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `SET lock NX PX`, a re-check once held, a bounded wait for everyone else: one fetch across instances. */
export function createSingleFlight(store: SharedStore, options: SingleFlightOptions) {
  const inProcess = new Map<string, Promise<string>>();
  const pollMs = options.pollMs ?? 25;

  async function attempt(key: string, fetch: () => Promise<Fetched>): Promise<string> {
    const lockKey = `${key}:lock`;
    const backoffKey = options.backoffKey?.(key) ?? `${key}:backoff`;
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

/**
 * `call` with the token under `key`. One the API calls dead is dropped, only while it is still the stored one (another
 * instance may have stored a newer one), and `call` runs once more with a fresh token.
 */
export async function withLiveToken<T>(
  store: SharedStore,
  key: string,
  token: () => Promise<string>,
  isDead: (error: unknown) => boolean,
  call: (token: string) => Promise<T>,
): Promise<T> {
  const current = await token();
  try {
    return await call(current);
  } catch (error) {
    if (!isDead(error)) throw error;
    await store.deleteIfEquals(key, current);
    return call(await token());
  }
}
