import { availableParallelism } from 'node:os';
import { BUDGETS } from './lib/budgets';
import type { LighthouseScores } from './lib/lighthouse';
import type { LoadResult } from './lib/load';
import type { Machine } from './lib/machine';
import type { PageWeight } from './lib/page-weight';
import { kb, ms, rps, type Line } from './lib/report';
import { totalCalls, type Calls } from './lib/wechat-stats';
import type { ColdStart } from './steps/cold-start';
import type { LoadSuite, Memory } from './steps/load-suite';
import type { JssdkBench } from './steps/jssdk';
import type { SeedResult } from './steps/seed';
import type { ExpiredTokenCalls, KeepAlive } from './steps/wechat-calls';
import type { SignInRun } from './lib/load';

export interface BenchResult {
  machine: Machine & { loadAverageAfter: number[] };
  startedAt: string;
  durationSeconds: number;
  slowWeChatMs: number;
  coldStart: ColdStart;
  runs: [LoadSuite, LoadSuite];
  calls: { userinfoSignIn: Calls; baseSignIn: Calls; viewWithinTtl: Calls; expiredWithinTtl: ExpiredTokenCalls };
  pages: { weights: Record<string, PageWeight>; fullyRendered: boolean };
  lighthouse: Record<string, LighthouseScores> | null;
  rssAfterAll: Memory;
  slow: { signIn1: LoadResult; signIn16: LoadResult };
  ttl0: { viewAfterTtl: Calls; expiredAfterTtl: ExpiredTokenCalls };
  keepAlive: KeepAlive;
  seed: SeedResult;
  jssdk: JssdkBench;
  budgets?: Line[];
}

const both = (result: BenchResult, pick: (run: LoadSuite) => number, format: (n: number) => string): string =>
  result.runs.map((run) => format(pick(run))).join(' / ');
const mean = (result: BenchResult, pick: (run: LoadSuite) => number): number =>
  result.runs.reduce((sum, run) => sum + pick(run), 0) / result.runs.length;
const worst = (result: BenchResult, pick: (run: LoadSuite) => number): number => Math.max(...result.runs.map(pick));
const callList = (calls: Calls): string =>
  Object.entries(calls)
    .filter(([, n]) => n > 0)
    .map(([endpoint, n]) => `${endpoint.replace('sns/', '').replace('oauth2/', '')} ${n}`)
    .join(', ') || 'none';
const statusList = (load: LoadResult): string =>
  Object.entries(load.statuses)
    .map(([code, n]) => `${n}×${code}`)
    .join(' ');

function signInLines(r: BenchResult): Line[] {
  const s = 'sign-in';
  const injected = r.slowWeChatMs * BUDGETS.callsPerUserinfoSignIn;
  const overhead50 = { p50: r.slow.signIn1.p50 - injected, p99: r.slow.signIn1.p99 - injected };
  return [
    {
      section: s,
      metric: 'callback req/s @16 conn, WeChat 0 ms (run 1 / run 2)',
      value: both(r, (x) => x.signIn16.rps, rps),
    },
    { section: s, metric: `callback req/s @16 conn, WeChat ${r.slowWeChatMs} ms`, value: rps(r.slow.signIn16.rps) },
    {
      section: s,
      metric: 'statuses (all runs)',
      value: [...r.runs.flatMap((x) => [x.signIn16, x.signIn1]), r.slow.signIn1, r.slow.signIn16]
        .map(statusList)
        .join(' · '),
    },
    {
      section: s,
      metric: 'own overhead p50 @1 conn, WeChat 0 ms',
      value: both(r, (x) => x.signIn1.p50, ms),
      budget: `≤ ${BUDGETS.signInOverheadP50Ms} ms`,
      pass: worst(r, (x) => x.signIn1.p50) <= BUDGETS.signInOverheadP50Ms,
    },
    {
      section: s,
      metric: 'own overhead p99 @1 conn, WeChat 0 ms',
      value: both(r, (x) => x.signIn1.p99, ms),
      budget: `≤ ${BUDGETS.signInOverheadP99Ms} ms`,
      pass: worst(r, (x) => x.signIn1.p99) <= BUDGETS.signInOverheadP99Ms,
    },
    {
      section: s,
      metric: `own overhead p50 @1 conn, WeChat ${r.slowWeChatMs} ms (− ${injected} ms)`,
      value: ms(overhead50.p50),
      budget: `≤ ${BUDGETS.signInOverheadP50Ms} ms`,
      pass: overhead50.p50 <= BUDGETS.signInOverheadP50Ms,
    },
    {
      section: s,
      metric: `own overhead p99 @1 conn, WeChat ${r.slowWeChatMs} ms (− ${injected} ms)`,
      value: ms(overhead50.p99),
      budget: `≤ ${BUDGETS.signInOverheadP99Ms} ms`,
      pass: overhead50.p99 <= BUDGETS.signInOverheadP99Ms,
    },
  ];
}

function viewLines(r: BenchResult): Line[] {
  const s = 'repeat view';
  // The floor is the framework's trivial page of the same server (the 404 page: same layout, proxy and
  // renderer, nothing of the app's), so the share is what /profile itself costs. A JSON route handler
  // skips the page renderer altogether; its figure is printed for context.
  const share = mean(r, (x) => x.profile.rps) / mean(r, (x) => x.emptyPage.rps);
  return [
    { section: s, metric: '/profile req/s @16 conn (run 1 / run 2)', value: both(r, (x) => x.profile.rps, rps) },
    {
      section: s,
      metric: '/profile p50 / p99 @16 conn (run 2)',
      value: `${ms(r.runs[1].profile.p50)} / ${ms(r.runs[1].profile.p99)}`,
    },
    { section: s, metric: 'floor: trivial page (404) req/s @16 conn', value: both(r, (x) => x.emptyPage.rps, rps) },
    {
      section: s,
      metric: 'floor p50 / p99 @16 conn (run 2)',
      value: `${ms(r.runs[1].emptyPage.p50)} / ${ms(r.runs[1].emptyPage.p99)}`,
    },
    {
      section: s,
      metric: '/profile share of the floor (mean of runs)',
      value: `${(share * 100).toFixed(0)} %`,
      budget: `≥ ${BUDGETS.repeatViewShareOfFloor * 100} %`,
      pass: share >= BUDGETS.repeatViewShareOfFloor,
    },
    { section: s, metric: 'for context: route handler /api/health req/s', value: both(r, (x) => x.floor.rps, rps) },
    {
      section: s,
      metric: 'for context: /profile share of /api/health',
      value: `${((mean(r, (x) => x.profile.rps) / mean(r, (x) => x.floor.rps)) * 100).toFixed(0)} %`,
    },
  ];
}

function callLines(r: BenchResult): Line[] {
  const s = 'WeChat calls';
  const c = r.calls;
  const renewing = r.ttl0.expiredAfterTtl.renewingView;
  return [
    {
      section: s,
      metric: 'per snsapi_userinfo sign-in',
      value: callList(c.userinfoSignIn),
      budget: `= ${BUDGETS.callsPerUserinfoSignIn}`,
      pass: totalCalls(c.userinfoSignIn) === BUDGETS.callsPerUserinfoSignIn,
    },
    {
      section: s,
      metric: 'per snsapi_base sign-in',
      value: callList(c.baseSignIn),
      budget: `= ${BUDGETS.callsPerBaseSignIn}`,
      pass: totalCalls(c.baseSignIn) === BUDGETS.callsPerBaseSignIn,
    },
    {
      section: s,
      metric: 'per repeat view within the TTL',
      value: callList(c.viewWithinTtl),
      budget: `= ${BUDGETS.callsPerViewWithinTtl}`,
      pass: totalCalls(c.viewWithinTtl) === BUDGETS.callsPerViewWithinTtl,
    },
    {
      section: s,
      metric: 'per view after the TTL (TTL 0)',
      value: callList(r.ttl0.viewAfterTtl),
      budget: `≤ ${BUDGETS.callsPerViewAfterTtl}`,
      pass: totalCalls(r.ttl0.viewAfterTtl) <= BUDGETS.callsPerViewAfterTtl,
    },
    {
      section: s,
      metric: 'view with expired token, after the TTL',
      value: callList(renewing),
      budget: '≤ 1 + 1 refresh',
      pass:
        renewing['sns/oauth2/refresh_token'] <= BUDGETS.refreshesPerRenewingView &&
        totalCalls(renewing) <= BUDGETS.callsPerViewAfterTtl + BUDGETS.refreshesPerRenewingView,
    },
    {
      section: s,
      metric: '… a later view with the renewed cookie (TTL 0)',
      value: callList(r.ttl0.expiredAfterTtl.nextView),
      budget: '≤ 1, no refresh',
      pass:
        r.ttl0.expiredAfterTtl.nextView['sns/oauth2/refresh_token'] === 0 &&
        totalCalls(r.ttl0.expiredAfterTtl.nextView) <= BUDGETS.callsPerViewAfterTtl,
    },
    {
      section: s,
      metric: 'view with expired token, within the TTL',
      value: callList(c.expiredWithinTtl.renewingView),
      budget: '≤ 1 + 1 refresh',
      pass:
        c.expiredWithinTtl.renewingView['sns/oauth2/refresh_token'] <= 1 &&
        totalCalls(c.expiredWithinTtl.renewingView) <= 2,
    },
    {
      section: s,
      metric: '… a later view with the renewed cookie (TTL 600 s)',
      value: callList(c.expiredWithinTtl.nextView),
      budget: '= 0',
      pass: totalCalls(c.expiredWithinTtl.nextView) === 0,
    },
    {
      section: s,
      metric: `new connections per ${r.keepAlive.signIns} sequential sign-ins (stand-in)`,
      value: String(r.keepAlive.connections),
      budget: `≤ ${BUDGETS.connectionsPer100SignIns}`,
      pass: r.keepAlive.connections <= BUDGETS.connectionsPer100SignIns,
    },
    { section: s, metric: '… calls made in those sign-ins', value: callList(r.keepAlive.calls) },
  ];
}

function weightLines(r: BenchResult): Line[] {
  const s = 'page weight';
  const lines: Line[] = [];
  for (const [page, w] of Object.entries(r.pages.weights)) {
    lines.push({
      section: s,
      metric: `${page} HTML / JS (${w.jsFiles} files, ${w.jsWithCompileHint} with the compile hint) / CSS, gzip`,
      value: `${kb(w.html.gzip)} / ${kb(w.js.gzip)} / ${kb(w.css.gzip)}`,
    });
    lines.push({
      section: s,
      metric: `${page} HTML / JS / CSS, brotli`,
      value: `${kb(w.html.brotli)} / ${kb(w.js.brotli)} / ${kb(w.css.brotli)}`,
    });
  }
  const appJs = r.pages.weights['/profile']?.appJs ?? { gzip: Number.NaN, brotli: Number.NaN, raw: Number.NaN };
  lines.push({
    section: s,
    metric: '/profile JS beyond the 404 page, gzip',
    value: kb(appJs.gzip),
    budget: `≤ ${kb(BUDGETS.profileAppJsBytes)}`,
    pass: appJs.gzip <= BUDGETS.profileAppJsBytes,
  });
  lines.push({
    section: s,
    metric: '/profile fully rendered in the HTML',
    value: r.pages.fullyRendered ? 'yes' : 'no',
    budget: 'yes',
    pass: r.pages.fullyRendered,
  });
  return lines;
}

function serverLines(r: BenchResult): Line[] {
  const s = 'server';
  const [run1, run2] = r.runs;
  const growth = (run2.memory.rssAfterGcMb - run1.memory.rssAfterGcMb) / run1.memory.rssAfterGcMb;
  const mb = (m: Memory) =>
    `${m.rssMb.toFixed(0)} → ${m.rssAfterGcMb.toFixed(0)} MB (heap ${m.heapUsedMb.toFixed(0)} MB)`;
  return [
    { section: s, metric: 'cold start → first /profile answer (307)', value: ms(r.coldStart.firstAnswerMs) },
    { section: s, metric: 'cold start → first rendered /profile', value: ms(r.coldStart.firstProfileMs) },
    { section: s, metric: 'RSS at cold start', value: `${r.coldStart.rssMb.toFixed(0)} MB` },
    { section: s, metric: 'RSS after run 1 → after a full GC', value: mb(run1.memory) },
    { section: s, metric: 'RSS after run 2 → after a full GC', value: mb(run2.memory) },
    {
      section: s,
      metric: 'RSS after the whole run (max of before/after GC)',
      value: mb(r.rssAfterAll),
      budget: `≤ ${BUDGETS.rssMb} MB`,
      pass: Math.max(r.rssAfterAll.rssMb, r.rssAfterAll.rssAfterGcMb) <= BUDGETS.rssMb,
    },
    {
      section: s,
      metric: 'retained RSS growth, run 2 over run 1 (after GC)',
      value: `${(growth * 100).toFixed(1)} %`,
      budget: `< ${BUDGETS.rssGrowthShare * 100} %`,
      pass: growth < BUDGETS.rssGrowthShare,
    },
  ];
}

function lighthouseLines(r: BenchResult): Line[] {
  const s = 'Lighthouse';
  if (!r.lighthouse) return [{ section: s, metric: 'mobile', value: 'skipped (--no-lighthouse)' }];
  return Object.entries(r.lighthouse).flatMap(([page, l]) => [
    {
      section: s,
      metric: `${page} performance, median of ${(l.performanceRuns ?? [l.performance]).join(' / ')}`,
      value: String(l.performance),
      budget: `≥ ${BUDGETS.lighthousePerformance}`,
      pass: l.performance >= BUDGETS.lighthousePerformance,
    },
    {
      section: s,
      metric: `${page} accessibility`,
      value: String(l.accessibility),
      budget: `= ${BUDGETS.lighthouseAccessibility}`,
      pass: l.accessibility >= BUDGETS.lighthouseAccessibility,
    },
    {
      section: s,
      metric: `${page} best practices`,
      value: String(l.bestPractices),
      budget: `≥ ${BUDGETS.lighthouseBestPractices}`,
      pass: l.bestPractices >= BUDGETS.lighthouseBestPractices,
    },
    {
      section: s,
      metric: `${page} median run: LCP / TBT / CLS`,
      value: `${ms(l.lcpMs)} / ${ms(l.tbtMs)} / ${l.cls.toFixed(3)}`,
    },
    { section: s, metric: `${page} audits not passed (median run)`, value: l.failing.join(', ') || 'none' },
  ]);
}

const answerList = (run: SignInRun): string =>
  Object.entries(run.answers)
    .map(([answer, n]) => `${n}×${answer}`)
    .concat(run.errors > 0 ? [`${run.errors}× no answer`] : [])
    .join(' ') || 'none';
const runRps = (run: SignInRun): string => `${rps(run.rps)}${run.ranOut ? ' (pool ran out)' : ''}`;
const meanRps = (runs: readonly SignInRun[]): number => runs.reduce((sum, run) => sum + run.rps, 0) / runs.length;

function seedLines(r: BenchResult): Line[] {
  const s = 'app vs seed';
  if ('skipped' in r.seed) return [{ section: s, metric: 'seed', value: `skipped — ${r.seed.skipped}` }];
  if ('failed' in r.seed) {
    return [
      {
        section: s,
        metric: 'seed',
        value: `failed — ${r.seed.failed.replace(/\s+/g, ' ').slice(0, 160)}`,
        budget: 'runs',
        pass: false,
      },
    ];
  }
  const { settings, cpu } = r.seed;
  const cores100 = availableParallelism() * 100;
  const lines: Line[] = [];
  for (const setting of settings) {
    const at = `@16 conn, WeChat ${setting.wechatMs} ms`;
    const ratio = meanRps(setting.app) / meanRps(setting.seed);
    const floor = BUDGETS.appOverSeedSignInRate[setting.wechatMs] ?? Number.NaN;
    const cores = (c: typeof setting.appCores) =>
      `${c.server.toFixed(0)} / ${c.standIn.toFixed(0)} / ${c.loadGenerator.toFixed(0)} % · ${c.machine.toFixed(0)} % of ${cores100} %`;
    lines.push(
      {
        section: s,
        metric: `app sign-ins/s ${at} (run 1 / run 2)`,
        value: setting.app.map(runRps).join(' / '),
      },
      {
        section: s,
        metric: `seed sign-ins/s ${at} (run 1 / run 2)`,
        value: setting.seed.map(runRps).join(' / '),
      },
      {
        section: s,
        metric: `app / seed sign-ins/s, WeChat ${setting.wechatMs} ms (means)`,
        value: ratio.toFixed(2),
        budget: `≥ ${floor.toFixed(1)}`,
        pass: ratio >= floor,
      },
      {
        section: s,
        metric: `answers, WeChat ${setting.wechatMs} ms: app · app · seed · seed`,
        value: [...setting.app, ...setting.seed].map(answerList).join(' · '),
      },
      {
        section: s,
        metric: `CPU, WeChat ${setting.wechatMs} ms, app runs: server / stand-in / bench · machine`,
        value: cores(setting.appCores),
      },
      {
        section: s,
        metric: `CPU, WeChat ${setting.wechatMs} ms, seed runs: server / stand-in / bench · machine`,
        value: cores(setting.seedCores),
      },
    );
  }
  const timedRuns = settings.flatMap((x) => [...x.app, ...x.seed]);
  const fullest = timedRuns.reduce((a, b) => (b.used / b.pool > a.used / a.pool ? b : a));
  lines.push(
    {
      section: s,
      metric: 'fullest pool of one-time requests (used / prepared)',
      value: `${fullest.used} / ${fullest.pool}`,
      budget: 'none ran out',
      pass: timedRuns.every((x) => !x.ranOut),
    },
    {
      section: s,
      metric: `CPU per sign-in, app (tree) / seed (${cpu.signIns.app} / ${cpu.signIns.seed} sign-ins, 0 ms)`,
      value: `${cpu.app.toFixed(2)} ms / ${cpu.seed.toFixed(2)} ms`,
      budget: 'app ≤ seed',
      pass: cpu.app <= cpu.seed * BUDGETS.appOverSeedCpuPerSignIn,
    },
    {
      section: s,
      metric: '… stand-in CPU per sign-in, app / seed',
      value: `${cpu.standInForApp.toFixed(2)} ms / ${cpu.standInForSeed.toFixed(2)} ms`,
    },
    {
      section: s,
      metric: '… bench (load generator) CPU per sign-in, app / seed',
      value: `${cpu.loadGeneratorForApp.toFixed(2)} ms / ${cpu.loadGeneratorForSeed.toFixed(2)} ms`,
    },
    { section: s, metric: '… answers: app · app · seed · seed', value: cpu.runs.map(answerList).join(' · ') },
    {
      section: s,
      metric: '… for context: app server CPU per answer of /api/health (Next alone)',
      value: `${cpu.appFloor.toFixed(2)} ms`,
    },
  );
  return lines;
}

/** Issue 13: the JS-SDK config route and the share card's chunk. */
export function jssdkLines(j: JssdkBench): Line[] {
  const s = 'JS-SDK share card';
  return [
    {
      section: s,
      metric: 'GET /api/wechat/jssdk-config req/s @10 conn (p50 / p99)',
      value: `${rps(j.config.rps)} (${ms(j.config.p50)} / ${ms(j.config.p99)}) ${statusList(j.config)}`,
    },
    {
      section: s,
      metric: 'stable_token / getticket calls for all of them',
      value: `${j.cgiCalls.stableToken} / ${j.cgiCalls.getTicket}`,
      budget: '1 / 1',
      pass: j.cgiCalls.stableToken === 1 && j.cgiCalls.getTicket === 1,
    },
    {
      section: s,
      metric: 'share card script (after the load event, in WeChat only), gzip',
      value: kb(j.shareChunkGzip),
    },
    {
      section: s,
      metric: '/profile JS beyond the 404 page outside WeChat, gzip',
      value: kb(j.profileAppJsOutsideWeChat.gzip),
      budget: '0 KB',
      pass: j.profileAppJsOutsideWeChat.gzip === 0,
    },
  ];
}

export function toLines(r: BenchResult): Line[] {
  return [
    ...signInLines(r),
    ...viewLines(r),
    ...callLines(r),
    ...weightLines(r),
    ...serverLines(r),
    ...lighthouseLines(r),
    ...seedLines(r),
    ...jssdkLines(r.jssdk),
  ];
}
