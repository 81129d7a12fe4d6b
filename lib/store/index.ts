import 'server-only';
import type { Env } from '@/lib/env';
import { createDownStore, createMemoryStore } from './memory';
import { StoreUnavailableError, type SharedStore } from './types';

export { createMemoryStore } from './memory';
export { createSingleFlight, type Fetched } from './single-flight';
export { StoreBusyError, StoreUnavailableError, type SharedStore } from './types';

let shared: Promise<SharedStore> | undefined;

/**
 * This process's store: Redis when REDIS_URL is set, else in-process memory (one instance). The mock's `redis-down`
 * fault stands in for an unreachable Redis. The Redis client is imported here, on the first use, not with the
 * module: loading it costs a cold start about 0.2 s and 20 MB, and only the share card's route needs it.
 */
export function sharedStore(
  env: Pick<Env, 'redisUrl' | 'timeoutMs' | 'mode' | 'mockFaultKinds'>,
): Promise<SharedStore> {
  shared ??= openStore(env);
  return shared;
}

async function openStore(env: Pick<Env, 'redisUrl' | 'timeoutMs' | 'mode' | 'mockFaultKinds'>): Promise<SharedStore> {
  if (env.mode === 'mock' && env.mockFaultKinds.includes('redis-down')) {
    return createDownStore(() => new StoreUnavailableError('the shared store is down (mock fault redis-down)'));
  }
  if (!env.redisUrl) return createMemoryStore();
  const { createRedisStore } = await import('./redis');
  return createRedisStore({ url: env.redisUrl, timeoutMs: Math.min(env.timeoutMs, 2000) });
}
