/**
 * `npm run bench`: measures the production build (`npm run build` first) against the budgets of issue 6 and
 * prints one table; the same figures go to tools/bench/results/latest.json. Flags: --no-lighthouse.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMachine } from './lib/machine';
import { formatTable } from './lib/report';
import { startNext, waitUntilReady, type RunningServer } from '../lib/server';
import { BENCH_SESSION_SECRET } from './lib/sessions';
import { startStandIn } from './lib/stand-in';
import { runLighthouseMedian, type LighthouseScores } from './lib/lighthouse';
import { fetchHtml, isFullyRendered, measurePageWeight, type PageWeight } from './lib/page-weight';
import { signIn } from './lib/sign-in';
import { toLines, type BenchResult } from './lines';
import { measureColdStart } from './steps/cold-start';
import { runLoadSuite, runSlowWeChatSignIns, warmUp, type Memory } from './steps/load-suite';
import { collectGarbage } from './lib/inspector';
import { callsPerSignIn, callsPerView, callsWithExpiredToken, connectionsPerSignIns } from './steps/wechat-calls';
import { runSeedSection } from './steps/seed';
import { measureJssdk } from './steps/jssdk';

const PORTS = {
  main: 3510,
  slow: 3511,
  ttl0: 3512,
  wechat: 3513,
  lighthouse: 3514,
  seedApp: 3515,
  seed: 3516,
  jssdk: 3517,
  inspector: 3590,
  standIn: 4510,
  seedStandIn: 4511,
} as const;
const SLOW_WECHAT_MS = 50;
const LIGHTHOUSE_RUNS = 5;
const MOCK = { WECHAT_MOCK: '1', SESSION_SECRET: BENCH_SESSION_SECRET };
const STAND_IN_APP = { appId: 'wxbench000standin01', appSecret: 'bench-stand-in-app-secret' };

function step(name: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${name}\n`);
}

async function withServer<T>(server: RunningServer, task: (server: RunningServer) => Promise<T>): Promise<T> {
  try {
    return await task(server);
  } finally {
    await server.stop();
  }
}

/**
 * Lighthouse first, on a server of its own: the page is measured on a quiet machine, not in the wake of the
 * load runs (whose garbage collection shares the two cores with Chromium and lands in Total Blocking Time).
 */
async function lighthouseScores(): Promise<Record<string, LighthouseScores>> {
  return withServer(startNext(PORTS.lighthouse, { ...MOCK, MOCK_WECHAT_LATENCY_MS: '0' }), async (server) => {
    await waitUntilReady(server);
    const cookie = await signIn(server.url);
    await fetchHtml(server.url, '/');
    await fetchHtml(server.url, '/profile', cookie);
    step(`Lighthouse / (${LIGHTHOUSE_RUNS} runs)`);
    const home = await runLighthouseMedian(`${server.url}/`, undefined, LIGHTHOUSE_RUNS);
    step(`Lighthouse /profile (${LIGHTHOUSE_RUNS} runs)`);
    return { '/': home, '/profile': await runLighthouseMedian(`${server.url}/profile`, cookie, LIGHTHOUSE_RUNS) };
  });
}

async function mainServer(): Promise<Pick<BenchResult, 'coldStart' | 'runs' | 'calls' | 'pages' | 'rssAfterAll'>> {
  return withServer(
    startNext(
      PORTS.main,
      { ...MOCK, MOCK_WECHAT_LATENCY_MS: '0' },
      { nodeFlags: [`--inspect=127.0.0.1:${PORTS.inspector}`] },
    ),
    async (server) => {
      const memory = async (): Promise<Memory> => {
        const rssMb = server.rssMb();
        const { heapUsedMb } = await collectGarbage(PORTS.inspector);
        return { rssMb, rssAfterGcMb: server.rssMb(), heapUsedMb };
      };
      step('cold start');
      const coldStart = await measureColdStart(server);
      step('warm-up');
      await warmUp(server.url);
      step('load, run 1');
      const run1 = await runLoadSuite(server.url, memory);
      step('load, run 2 (identical)');
      const run2 = await runLoadSuite(server.url, memory);
      step('WeChat calls');
      const calls = {
        userinfoSignIn: await callsPerSignIn(server.url, 'snsapi_userinfo'),
        baseSignIn: await callsPerSignIn(server.url, 'snsapi_base'),
        viewWithinTtl: await callsPerView(server.url),
        expiredWithinTtl: await callsWithExpiredToken(server.url),
      };
      step('page weight');
      const cookie = await signIn(server.url);
      const notFound = await fetchHtml(server.url, '/__bench-not-found');
      const home = await fetchHtml(server.url, '/');
      const profile = await fetchHtml(server.url, '/profile', cookie);
      const pages: Record<string, PageWeight> & { fullyRendered?: boolean } = {
        '/': await measurePageWeight(server.url, home.html, notFound.html),
        '/profile': await measurePageWeight(server.url, profile.html, notFound.html),
        '404': await measurePageWeight(server.url, notFound.html, notFound.html),
      };
      const fullyRendered = isFullyRendered(profile.html, '张小明', 'oMockFullProfile000000000001');
      return {
        coldStart,
        runs: [run1, run2],
        calls,
        pages: { weights: pages, fullyRendered },
        rssAfterAll: await memory(),
      };
    },
  );
}

async function main(): Promise<void> {
  const lighthouse = !process.argv.includes('--no-lighthouse');
  const startedAt = Date.now();
  const machineBefore = describeMachine();

  const lighthouseResult = lighthouse ? await lighthouseScores() : null;
  const primary = await mainServer();

  step(`sign-ins with WeChat answering after ${SLOW_WECHAT_MS} ms`);
  const slow = await withServer(
    startNext(PORTS.slow, { ...MOCK, MOCK_WECHAT_LATENCY_MS: String(SLOW_WECHAT_MS) }),
    async (server) => {
      await waitUntilReady(server);
      return runSlowWeChatSignIns(server.url, 200);
    },
  );

  step('views after the TTL (PROFILE_TTL_SECONDS=0)');
  const ttl0 = await withServer(startNext(PORTS.ttl0, { ...MOCK, PROFILE_TTL_SECONDS: '0' }), async (server) => {
    await waitUntilReady(server);
    return {
      viewAfterTtl: await callsPerView(server.url, 10),
      expiredAfterTtl: await callsWithExpiredToken(server.url),
    };
  });

  // A server of its own, so its burst of requests does not change the conditions of the main server's memory budget.
  step('JS-SDK config route and share chunk');
  const jssdk = await withServer(startNext(PORTS.jssdk, { ...MOCK, MOCK_WECHAT_LATENCY_MS: '0' }), async (server) => {
    await waitUntilReady(server);
    return measureJssdk(server.url, await signIn(server.url));
  });

  step('keep-alive: 100 sequential sign-ins through the stand-in');
  const standIn = await startStandIn(PORTS.standIn, STAND_IN_APP.appId, STAND_IN_APP.appSecret);
  const keepAlive = await withServer(
    startNext(PORTS.wechat, {
      WECHAT_MOCK: '0',
      WECHAT_APPID: STAND_IN_APP.appId,
      WECHAT_APPSECRET: STAND_IN_APP.appSecret,
      SESSION_SECRET: BENCH_SESSION_SECRET,
      WECHAT_OAUTH_BASE_URL: standIn.url,
      WECHAT_API_BASE_URL: standIn.url,
    }),
    async (server) => {
      await waitUntilReady(server);
      return connectionsPerSignIns(server.url, standIn.url, 100);
    },
  ).finally(() => standIn.stop());

  step('the seed beside the app, against one stand-in');
  const seed = await runSeedSection(
    { app: PORTS.seedApp, seed: PORTS.seed, standIn: PORTS.seedStandIn },
    STAND_IN_APP,
    step,
  );

  const result: BenchResult = {
    machine: { ...machineBefore, loadAverageAfter: describeMachine().loadAverage },
    startedAt: new Date(startedAt).toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    slowWeChatMs: SLOW_WECHAT_MS,
    ...primary,
    jssdk,
    lighthouse: lighthouseResult,
    slow,
    ttl0,
    keepAlive,
    seed,
  };
  const lines = toLines(result);
  result.budgets = lines.filter((l) => l.pass !== undefined);
  console.log(formatTable(lines));
  const failed = lines.filter((l) => l.pass === false).length;
  console.log(
    `\n${failed === 0 ? 'every budget met' : `${failed} budget(s) missed`} · ${result.durationSeconds} s · load average ${machineBefore.loadAverage.join(' ')} → ${result.machine.loadAverageAfter.join(' ')}`,
  );
  const dir = join(import.meta.dirname ?? __dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
