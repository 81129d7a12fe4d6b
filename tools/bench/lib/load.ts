import autocannon, { type AutocannonClient } from 'autocannon';
import type { PendingCallback } from './sign-in';

export interface LoadResult {
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

interface LoadOptions {
  url: string;
  connections: number;
  headers?: Record<string, string>;
  durationSeconds?: number;
  amount?: number;
  setupClient?: (client: AutocannonClient) => void;
}

/** One autocannon run; latencies are kept per response (sub-millisecond), not from its integer histogram. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const startedAt = performance.now();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    headers: options.headers,
    timeout: 10,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 5 }),
    ...(options.setupClient ? { setupClient: options.setupClient } : {}),
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    connections: options.connections,
    requests: latencies.length,
    rps: latencies.length / elapsedSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Replays one prepared callback per request: each code can be exchanged only once. Every connection gets
 * its own request object, since autocannon builds the shared one's buffer once for all connections.
 */
export function callbackClients(
  pool: PendingCallback[],
  headers: Record<string, string>,
): (client: AutocannonClient) => void {
  let next = 0;
  return (client) =>
    client.setRequests([
      {
        method: 'GET',
        setupRequest: (request) => {
          const pending = pool[next++];
          if (!pending) return null;
          return { ...request, path: pending.path, headers: { ...headers, cookie: pending.cookie } };
        },
      },
    ]);
}
