import autocannon from 'autocannon';

/** One prepared request that may be sent once: it carries a one-time code. */
export type Pooled = { path: string; headers: Record<string, string> };

/** Why an answer is not a completed sign-in, or null when it is one (a 303 or 200 alone does not prove it). */
export type SignInCheck = (status: number, body: string, headers: Record<string, string>) => string | null;

export interface LoadOptions {
  url: string;
  connections: number;
  /** A number of requests, or else a duration (5 s by default). */
  amount?: number;
  seconds?: number;
  headers?: Record<string, string>;
  /** One request of the pool per request sent; a run that empties it stops and says so. */
  pool?: readonly Pooled[];
  /** With a pool: the rate counts the answers `check` accepts, up to the last answer. */
  check?: SignInCheck;
}

export interface LoadResult {
  connections: number;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
}

export interface SignInRun extends LoadResult {
  signIns: number;
  /** Every answer: its status, and what was wrong with it when it was not a sign-in ("200 errmsg"). */
  answers: Record<string, number>;
  pool: number;
  used: number;
  ranOut: boolean;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const flatHeaders = (headers: Record<string, string | string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join('\n') : v]));

/** One autocannon run; latencies are kept per answer (sub-millisecond), not from its integer histogram. */
export async function load(options: LoadOptions & { check: SignInCheck }): Promise<SignInRun>;
export async function load(options: LoadOptions): Promise<LoadResult>;
export async function load(options: LoadOptions): Promise<LoadResult | SignInRun> {
  const { pool, check } = options;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const answers: Record<string, number> = {};
  let [signIns, used, ranOut] = [0, 0, false];
  // Each connection gets its own request object: autocannon builds the shared one's buffer once for all of them.
  const setupClient = (client: { setRequests(requests: object[]): void }) =>
    client.setRequests([
      {
        method: 'GET',
        setupRequest: (request: object) => {
          if (used >= pool!.length) {
            // autocannon cannot skip a request: the run stops, and this last one's answer is not a sign-in.
            ranOut = true;
            instance.stop();
          }
          const next = pool![Math.min(used++, pool!.length - 1)];
          return next ? { ...request, path: next.path, headers: next.headers } : null;
        },
        ...(check && {
          onResponse: (status: number, body: string, _context: unknown, headers: Record<string, string | string[]>) => {
            const problem = check(status, body, flatHeaders(headers));
            if (problem === null) signIns++;
            const key = problem === null ? String(status) : `${status} ${problem}`;
            answers[key] = (answers[key] ?? 0) + 1;
          },
        }),
      },
    ]);
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    headers: options.headers,
    timeout: 10,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
    ...(pool && { setupClient }),
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
    lastAnswerAt = performance.now();
  });
  const { errors, timeouts } = (await instance) as { errors: number; timeouts: number };
  // A pooled sign-in run (issue 12) ends at its last answer, since autocannon notices the end of an `amount` run
  // only at its next 1 s tick; the older figures keep the definition they were recorded with.
  const seconds = ((check ? lastAnswerAt : performance.now()) - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    connections: options.connections,
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
    errors: errors + timeouts,
  };
  if (!check) return result;
  return {
    ...result,
    rps: signIns / seconds,
    signIns,
    answers,
    pool: pool?.length ?? 0,
    used: Math.min(used, pool?.length ?? 0),
    ranOut,
  };
}
