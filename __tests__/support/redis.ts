import type { ChildProcess } from 'node:child_process';
import { ensureRedisServer, freePort, startRedisServer, stopRedisServer } from '@/scripts/redis-server';

/**
 * A real redis-server on a free loopback port for the tests of this file (installed from Debian when missing), emptied
 * before each test: the store is never mocked. `stop()` and `start()` take it down and bring it back on the same port.
 */
export function redisServerForThisFile() {
  let port = 0;
  let child: ChildProcess | null = null;
  const handle = {
    url: () => `redis://127.0.0.1:${port}`,
    start: async () => {
      child = await startRedisServer(port);
    },
    stop: async () => {
      if (child) await stopRedisServer(child);
      child = null;
    },
  };
  beforeAll(async () => {
    ensureRedisServer();
    port = await freePort();
    await handle.start();
  }, 120_000);
  beforeEach(() => flushRedis(handle.url()));
  afterAll(() => handle.stop());
  return handle;
}

/** Empties every database of the test's redis-server, so each test starts with no token, ticket or lock. */
export async function flushRedis(url: string): Promise<void> {
  const { createClient } = await import('redis');
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  await client.flushAll();
  await client.close();
}
