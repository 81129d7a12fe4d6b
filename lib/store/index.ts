import 'server-only';
import type { Env } from '@/lib/env';
import { createDownStore, createMemoryStore } from './memory';
import { createRedisStore } from './redis';
import { StoreUnavailableError, type SharedStore } from './types';

export { createMemoryStore } from './memory';
export { createRedisStore } from './redis';
export { createSingleFlight, type Fetched } from './single-flight';
export { StoreBusyError, StoreUnavailableError, type SharedStore } from './types';

let shared: SharedStore | undefined;

/**
 * This process's store: Redis when REDIS_URL is set, else in-process memory (one instance). The mock's `redis-down`
 * fault stands in for an unreachable Redis.
 */
export function sharedStore(env: Pick<Env, 'redisUrl' | 'timeoutMs' | 'mode' | 'mockFaultKinds'>): SharedStore {
  if (shared) return shared;
  if (env.mode === 'mock' && env.mockFaultKinds.includes('redis-down')) {
    shared = createDownStore(() => new StoreUnavailableError('the shared store is down (mock fault redis-down)'));
  } else if (env.redisUrl) {
    shared = createRedisStore({ url: env.redisUrl, timeoutMs: Math.min(env.timeoutMs, 2000) });
  } else {
    shared = createMemoryStore();
  }
  return shared;
}
