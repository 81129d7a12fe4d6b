import { createMemoryStore, createSingleFlight, StoreUnavailableError } from '@/lib/store';
import { createRedisStore } from '@/lib/store/redis';
import type { SharedStore } from '@/lib/store';
import { freePort } from '@/scripts/redis-server';
import { eventually } from '../../support/clock';
import { redisServerForThisFile } from '../../support/redis';

const redis = redisServerForThisFile();
const opened: { close(): Promise<void> }[] = [];

// A limit no busy machine reaches on loopback: where Redis is down the failure is immediate (nothing listens).
function redisStore(url = redis.url(), log: (line: string) => void = () => undefined) {
  const store = createRedisStore({ url, timeoutMs: 10_000, retryAfterMs: 200, log });
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** A store, and what a probe answers once its TTLs have run out: the in-process one on a clock the test moves. */
type Timed = { store: SharedStore; afterTtl: <T>(probe: () => Promise<T>, expected: T) => Promise<T> };

function memoryOnAClock(): Timed {
  let now = 0;
  return {
    store: createMemoryStore(() => now),
    afterTtl: (probe) => {
      now += 10_000;
      return probe();
    },
  };
}

describe.each<[string, () => SharedStore, () => Timed]>([
  ['the in-process store', () => createMemoryStore(), memoryOnAClock],
  ['the Redis store', () => redisStore(), () => ({ store: redisStore(), afterTtl: eventually })],
])('%s', (_, makeStore, makeTimed) => {
  it('keeps a value until its TTL, then forgets it', async () => {
    const { store, afterTtl } = makeTimed();
    await store.set('k', 'v', 150);
    expect(await store.get('k')).toBe('v');
    expect(await afterTtl(() => store.get('k'), null)).toBeNull();
  });

  it('gives a lock (SET NX PX) to one caller only, and again once it has expired', async () => {
    const { store, afterTtl } = makeTimed();
    expect(await store.setIfAbsent('lock', 'a', 150)).toBe(true);
    expect(await store.setIfAbsent('lock', 'b', 150)).toBe(false);
    expect(await afterTtl(() => store.setIfAbsent('lock', 'b', 150), true)).toBe(true);
  });

  it('deletes a key only while it still holds the value the caller names', async () => {
    const store = makeStore();
    await store.set('token', 'newer', 10_000);
    expect(await store.deleteIfEquals('token', 'older')).toBe(false);
    expect(await store.get('token')).toBe('newer');
    expect(await store.deleteIfEquals('token', 'newer')).toBe(true);
    expect(await store.get('token')).toBeNull();
  });

  it('fetches once for many callers, and a crashed holder’s lock expires so the next caller fetches', async () => {
    const store = makeStore();
    await store.setIfAbsent('value:lock', 'crashed-holder', 200);
    let fetches = 0;
    const flight = createSingleFlight(store, { lockTtlMs: 1000, maxWaitMs: 2000, pollMs: 10 });
    const fetch = async () => ({ value: `v${++fetches}`, ttlMs: 10_000 });
    const values = await Promise.all(Array.from({ length: 20 }, () => flight('value', fetch)));
    expect(new Set(values)).toEqual(new Set(['v1']));
    expect(fetches).toBe(1);
  });

  it('gives up after the bounded wait when another holder keeps the lock', async () => {
    const store = makeStore();
    await store.setIfAbsent('value:lock', 'slow-holder', 5000);
    const flight = createSingleFlight(store, { lockTtlMs: 1000, maxWaitMs: 100, pollMs: 10 });
    await expect(flight('value', async () => ({ value: 'v', ttlMs: 1000 }))).rejects.toMatchObject({
      name: 'StoreBusyError',
    });
  });
});

describe('the Redis store when Redis is down', () => {
  it('fails with StoreUnavailableError, naming no URL, when nothing listens', async () => {
    const url = `redis://:secret-password@127.0.0.1:${await freePort()}`;
    const lines: string[] = [];
    const store = redisStore(url, (line) => lines.push(line));
    const failure = await store.get('k').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect(String((failure as Error).message)).not.toContain('secret-password');
    expect(lines).toEqual([JSON.stringify({ event: 'store_unavailable', store: 'redis' })]);
  });

  it('answers again once Redis is back, without a restart of the app', async () => {
    const store = redisStore();
    await store.set('k', 'v', 60_000);
    await redis.stop();
    try {
      await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await redis.start();
    }
    expect(await eventually(() => store.get('k'), null)).toBeNull();
    await store.set('k', 'again', 60_000);
    expect(await store.get('k')).toBe('again');
  });
  it('fails with StoreUnavailableError, not a crash of the route, when node-redis cannot use the URL', async () => {
    const lines: string[] = [];
    const store = redisStore(`${redis.url()}/not-a-database`, (line) => lines.push(line));
    await expect(store.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(lines).toEqual([JSON.stringify({ event: 'store_unavailable', store: 'redis' })]);
  });

  it('keeps its connection when Redis refuses one command (here WRONGTYPE), and reports no outage', async () => {
    const { createClient } = await import('redis');
    const other = createClient({ url: redis.url() });
    other.on('error', () => undefined);
    await other.connect();
    await other.hSet('a-hash', 'field', 'value');
    await other.close();
    const lines: string[] = [];
    const store = redisStore(redis.url(), (line) => lines.push(line));
    await store.set('k', 'v', 60_000);
    await expect(store.get('a-hash')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.get('k')).toBe('v');
    expect(lines).toEqual([]);
  });
});
