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

/** One prepared request that may be sent once (it carries a one-time code). */
export interface PooledRequest {
  path: string;
  headers: Record<string, string>;
}

/** Why an answer was not a completed sign-in, or null when it was one. */
export type SignInCheck = (status: number, body: string, headers: Record<string, string>) => string | null;

export interface SignInRun {
  connections: number;
  seconds: number;
  /** Completed sign-ins per second: answers `check` accepted, not every answer. */
  rps: number;
  signIns: number;
  requests: number;
  p50: number;
  p99: number;
  /** Every answer: its status, and what was wrong with it when it was not a sign-in ("200 errmsg"). */
  answers: Record<string, number>;
  errors: number;
  pool: number;
  /** Requests taken from the pool; a run that needed more than the pool held stops early and says so. */
  used: number;
  ranOut: boolean;
}

const lowerCaseKeys = (headers: Record<string, string | string[]>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name.toLowerCase(),
      Array.isArray(value) ? value.join('\n') : value,
    ]),
  );

/**
 * Sign-ins from a pool of one-time requests, for `durationSeconds` or `amount` requests, each answer judged by
 * `check` (a 303 or 200 alone does not prove a sign-in: the seed answers WeChat's errmsg with a 200).
 */
export async function signInLoad(options: {
  url: string;
  connections: number;
  pool: readonly PooledRequest[];
  check: SignInCheck;
  durationSeconds?: number;
  amount?: number;
}): Promise<SignInRun> {
  const { pool, check } = options;
  const latencies: number[] = [];
  const answers: Record<string, number> = {};
  let signIns = 0;
  let next = 0;
  let ranOut = false;
  let instance: ReturnType<typeof autocannon> | undefined;
  const startedAt = performance.now();
  instance = autocannon({
    url: options.url,
    connections: options.connections,
    timeout: 10,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 5 }),
    setupClient: (client) =>
      client.setRequests([
        {
          method: 'GET',
          setupRequest: (request) => {
            let pending = pool[next];
            if (pending) next++;
            else {
              // autocannon cannot skip a request: the run is stopped, and this last one's answer is not a sign-in.
              ranOut = true;
              instance?.stop();
              pending = pool[pool.length - 1];
            }
            return pending ? { ...request, path: pending.path, headers: pending.headers } : null;
          },
          onResponse: (status, body, _context, headers) => {
            const problem = check(status, body, lowerCaseKeys(headers));
            if (problem === null) signIns++;
            const key = problem === null ? String(status) : `${status} ${problem}`;
            answers[key] = (answers[key] ?? 0) + 1;
          },
        },
      ]),
  });
  let lastAnswerAt = startedAt;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    lastAnswerAt = performance.now();
  });
  const result = await instance;
  // Up to the last answer: autocannon notices the end of an `amount` run only at its next 1 s tick.
  const seconds = (lastAnswerAt - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    connections: options.connections,
    seconds,
    rps: signIns / seconds,
    signIns,
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    answers,
    errors: result.errors + result.timeouts,
    pool: pool.length,
    used: next,
    ranOut,
  };
}
