import 'server-only';
import { ErrorReply, createClient } from 'redis';
import { StoreUnavailableError, type SharedStore } from '@/lib/store';

type Client = ReturnType<typeof createClient>;

interface RedisStoreOptions {
  url: string;
  timeoutMs: number;
  retryAfterMs?: number;
  log?: (line: string) => void;
}

const DELETE_IF_EQUALS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

// No offline queue, no reconnect loop: Redis down costs a quick StoreUnavailableError, never a request that hangs.
export function createRedisStore(options: RedisStoreOptions): SharedStore & { close(): Promise<void> } {
  const { timeoutMs, retryAfterMs = 1000, log = (line) => console.warn(line) } = options;
  let client: Client | null = null;
  let connecting: Promise<Client> | null = null;
  let failedAt = -Infinity;
  let reportedDown = false;

  function drop(target: Client): void {
    if (client === target) client = null;
    target.destroy();
  }

  function markDown(): void {
    failedAt = performance.now();
    // One line per outage, not per request; the URL is never logged (it may carry the password).
    if (!reportedDown) log(JSON.stringify({ event: 'store_unavailable', store: 'redis' }));
    reportedDown = true;
  }

  async function connect(): Promise<Client> {
    let fresh: Client | null = null;
    try {
      // Inside the try: a URL node-redis cannot use (a path that is no database number) throws here.
      fresh = createClient({
        url: options.url,
        disableOfflineQueue: true,
        socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
      });
      const connection = fresh;
      // Without a listener an 'error' event would crash the process; what it means is handled where commands fail.
      connection.on('error', () => undefined);
      connection.on('end', () => {
        if (client === connection) client = null;
      });
      await withTimeout(connection.connect(), timeoutMs);
      return connection;
    } catch {
      fresh?.destroy();
      throw new StoreUnavailableError('the shared store could not be reached');
    }
  }

  async function ready(): Promise<Client> {
    if (client?.isReady) return client;
    if (!connecting && performance.now() - failedAt < retryAfterMs) {
      throw new StoreUnavailableError('the shared store is down');
    }
    connecting ??= connect()
      .then((fresh) => {
        client = fresh;
        reportedDown = false;
        return fresh;
      })
      .catch((error: unknown) => {
        markDown();
        throw error;
      })
      .finally(() => {
        connecting = null;
      });
    return connecting;
  }

  async function run<T>(command: (c: Client) => Promise<T>): Promise<T> {
    const c = await ready();
    try {
      return await withTimeout(command(c), timeoutMs);
    } catch (error) {
      // Redis refusing one command (NOPERM, READONLY, OOM) leaves the connection good; anything else ends it.
      if (error instanceof ErrorReply) throw new StoreUnavailableError('the shared store refused a command');
      drop(c);
      markDown();
      throw new StoreUnavailableError('the shared store did not answer');
    }
  }

  return {
    get: (key) => run((c) => c.get(key)),
    set: async (key, value, ttlMs) => {
      await run((c) => c.set(key, value, { expiration: { type: 'PX', value: ttlMs } }));
    },
    setIfAbsent: async (key, value, ttlMs) =>
      (await run((c) => c.set(key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }))) === 'OK',
    deleteIfEquals: async (key, value) =>
      (await run((c) => c.eval(DELETE_IF_EQUALS, { keys: [key], arguments: [value] }))) === 1,
    close: async () => {
      const c = client;
      client = null;
      if (c?.isOpen) await c.close();
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
