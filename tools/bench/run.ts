/**
 * `npm run bench`: measures the production build (`npm run build` first) against the budgets of issue 6 and prints
 * one table; the same figures go to tools/bench/results/latest.json. Flag: --no-lighthouse.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { startNext, waitFor, waitUntilReady, type RunningServer } from '../lib/server';
import { request } from './lib/http';
import { collectGarbage } from './lib/inspector';
import { runLighthouseMedian } from './lib/lighthouse';
import { fetchHtml, isFullyRendered, measurePageWeight } from './lib/page-weight';
import { BENCH_SESSION_SECRET, freshSessionCookie } from './lib/sessions';
import { signIn } from './lib/sign-in';
import { startStandIn, withCredentials } from './lib/stand-in';
import { formatTable, toRows } from './report';
import { measureJssdk } from './steps/jssdk';
import { EMPTY_PAGE, runLoadSuite, runSlowWeChatSignIns, warmUp, type Memory } from './steps/load-suite';
import { runSeedSection } from './steps/seed';
import { callsPerSignIn, callsPerView, callsWithExpiredToken, connectionsPerSignIns } from './steps/wechat-calls';

const PORTS = { main: 3510, slow: 3511, ttl0: 3512, wechat: 3513, lighthouse: 3514, jssdk: 3517, inspector: 3590 };
const SEED_PORTS = { app: 3515, seed: 3516, standIn: 4511 };
const STAND_IN_PORT = 4510;
const SLOW_WECHAT_MS = 50;
const LIGHTHOUSE_RUNS = 5;
const MOCK = { WECHAT_MOCK: '1', SESSION_SECRET: BENCH_SESSION_SECRET, MOCK_WECHAT_LATENCY_MS: '0' };

const step = (name: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${name}\n`);

/** `next start` on `port` with `env`, ready before `task` runs (unless `cold`), stopped after it whatever happens. */
async function withServer<T>(
  port: number,
  env: Record<string, string>,
  task: (server: RunningServer) => Promise<T>,
  { nodeFlags, cold = false }: { nodeFlags?: string[]; cold?: boolean } = {},
): Promise<T> {
  const server = startNext(port, env, { nodeFlags });
  try {
    if (!cold) await waitUntilReady(server);
    return await task(server);
  } finally {
    await server.stop();
  }
}

/** Lighthouse first, on a server of its own: on a quiet machine, not in the wake of the load runs' garbage collection. */
const lighthouseMedians = () =>
  withServer(PORTS.lighthouse, MOCK, async ({ url }) => {
    const cookie = await signIn(url);
    await fetchHtml(`${url}/`);
    await fetchHtml(`${url}/profile`, cookie);
    step(`Lighthouse / (${LIGHTHOUSE_RUNS} runs)`);
    const home = await runLighthouseMedian(`${url}/`, undefined, LIGHTHOUSE_RUNS);
    step(`Lighthouse /profile (${LIGHTHOUSE_RUNS} runs)`);
    return { '/': home, '/profile': await runLighthouseMedian(`${url}/profile`, cookie, LIGHTHOUSE_RUNS) };
  });

/** Cold start, two identical load runs, WeChat calls, page weight and memory, on one server with an inspector. */
const mainServer = () =>
  withServer(
    PORTS.main,
    MOCK,
    async (server) => {
      const { url } = server;
      const memory = async (): Promise<Memory> => {
        const rssMb = server.rssMb();
        const heapUsedMb = await collectGarbage(PORTS.inspector);
        return { rssMb, rssAfterGcMb: server.rssMb(), heapUsedMb };
      };
      step('cold start');
      // The first rendered /profile needs a session no sign-in can have made yet: the bench seals one itself.
      const cookie = await freshSessionCookie();
      const answers =
        (status: number, init = {}) =>
        async () =>
          (await request(`${url}/profile`, init)).status === status;
      const firstAnswerMs = await waitFor(answers(307), server.spawnedAt, 30_000, 5);
      const firstProfileMs = await waitFor(answers(200, { cookie }), server.spawnedAt, 30_000, 5);
      const coldStart = { firstAnswerMs, firstProfileMs, rssMb: server.rssMb() };
      step('warm-up');
      await warmUp(url);
      step('load, run 1');
      const run1 = await runLoadSuite(url, memory);
      step('load, run 2 (identical)');
      const run2 = await runLoadSuite(url, memory);
      step('WeChat calls');
      const calls = {
        userinfoSignIn: await callsPerSignIn(url, 'snsapi_userinfo'),
        baseSignIn: await callsPerSignIn(url, 'snsapi_base'),
        viewWithinTtl: await callsPerView(url),
        expiredWithinTtl: await callsWithExpiredToken(url),
      };
      step('page weight');
      const notFound = await fetchHtml(`${url}${EMPTY_PAGE}`);
      const home = await fetchHtml(`${url}/`);
      const profile = await fetchHtml(`${url}/profile`, await signIn(url));
      const weights = {
        '/': await measurePageWeight(url, home, notFound),
        '/profile': await measurePageWeight(url, profile, notFound),
        '404': await measurePageWeight(url, notFound, notFound),
      };
      const fullyRendered = isFullyRendered(profile, '张小明', 'oMockFullProfile000000000001');
      return {
        coldStart,
        runs: [run1, run2] as const,
        calls,
        pages: { weights, fullyRendered },
        rssAfterAll: await memory(),
      };
    },
    { nodeFlags: [`--inspect=127.0.0.1:${PORTS.inspector}`], cold: true },
  );

const machine = () => ({
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version,
  loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
});

async function measure(lighthouse: boolean) {
  const startedAt = Date.now();
  const before = machine();
  const lighthouseScores = lighthouse ? await lighthouseMedians() : null;
  const primary = await mainServer();

  step(`sign-ins with WeChat answering after ${SLOW_WECHAT_MS} ms`);
  const slowMock = { ...MOCK, MOCK_WECHAT_LATENCY_MS: String(SLOW_WECHAT_MS) };
  const slow = await withServer(PORTS.slow, slowMock, ({ url }) => runSlowWeChatSignIns(url, 200));

  step('views after the TTL (PROFILE_TTL_SECONDS=0)');
  const ttl0 = await withServer(PORTS.ttl0, { ...MOCK, PROFILE_TTL_SECONDS: '0' }, async ({ url }) => ({
    viewAfterTtl: await callsPerView(url, 10),
    expiredAfterTtl: await callsWithExpiredToken(url),
  }));

  // A server of its own, so that its burst of requests leaves the main server's memory budget as it was.
  step('JS-SDK config route and share chunk');
  const jssdk = await withServer(PORTS.jssdk, MOCK, async ({ url }) => measureJssdk(url, await signIn(url)));

  step('keep-alive: 100 sequential sign-ins through the stand-in');
  const standIn = await startStandIn(STAND_IN_PORT);
  const keepAlive = await withServer(PORTS.wechat, withCredentials(standIn.url), ({ url }) =>
    connectionsPerSignIns(url, standIn.url, 100),
  ).finally(standIn.stop);

  step('the seed beside the app, against one stand-in');
  const seed = await runSeedSection(SEED_PORTS, step);
  return {
    machine: { ...before, loadAverageAfter: machine().loadAverage },
    startedAt: new Date(startedAt).toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    slowWeChatMs: SLOW_WECHAT_MS,
    ...primary,
    jssdk,
    lighthouse: lighthouseScores,
    slow,
    ttl0,
    keepAlive,
    seed,
  };
}
export type BenchResult = Awaited<ReturnType<typeof measure>>;

async function main(): Promise<void> {
  const result = await measure(!process.argv.includes('--no-lighthouse'));
  const rows = toRows(result);
  const budgets = rows.filter((row) => row.pass !== undefined);
  const failed = budgets.filter((row) => !row.pass).length;
  console.log(formatTable(rows));
  const load = `load average ${result.machine.loadAverage.join(' ')} → ${result.machine.loadAverageAfter.join(' ')}`;
  console.log(
    `\n${failed ? `${failed} budget(s) missed` : 'every budget met'} · ${result.durationSeconds} s · ${load}`,
  );
  const dir = join(import.meta.dirname ?? __dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ ...result, budgets }, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
