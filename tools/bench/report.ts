import { availableParallelism } from 'node:os';
import { BUDGETS as B } from './lib/budgets';
import type { LoadResult, SignInRun } from './lib/load';
import { totalCalls, type Calls } from './lib/stand-in';
import type { BenchResult } from './run';
import type { Memory } from './steps/load-suite';
import type { CoreUse } from './steps/seed';

export type Row = { section: string; metric: string; value: string; budget?: string; pass?: boolean };

/** One plain-text table: section, metric, measured value, budget, PASS/FAIL. */
export function formatTable(rows: readonly Row[]): string {
  const head = { section: 'section', metric: 'metric', value: 'value', budget: 'budget' };
  const cells = (r: Row) => [r.section, r.metric, r.value, r.budget ?? ''];
  const widths = cells(head).map((_, i) => Math.max(...[head, ...rows].map((r) => [...cells(r)[i]!].length)));
  const line = (r: Row, verdict: string) =>
    [...cells(r).map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length)), verdict].join(' | ');
  const rule = [...widths.map((w) => '-'.repeat(w)), '----'].join('-+-');
  return [
    line(head, 'ok?'),
    rule,
    ...rows.map((r) => line(r, r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL')),
  ].join('\n');
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const rps = (n: number) => `${n.toFixed(0)} req/s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (share: number, digits = 0) => `${(share * 100).toFixed(digits)} %`;
const latency = (l: LoadResult) => `${ms(l.p50)} / ${ms(l.p99)}`;
const counts = (record: Record<string, number>, suffix: string[] = []) =>
  Object.entries(record)
    .map(([key, n]) => `${n}×${key}`)
    .concat(suffix)
    .join(' ');
const callList = (calls: Calls) =>
  Object.entries(calls)
    .filter(([, n]) => n > 0)
    .map(([endpoint, n]) => `${endpoint.replace(/^sns\/(oauth2\/)?/, '')} ${n}`)
    .join(', ') || 'none';
const answers = (run: SignInRun) => counts(run.answers, run.errors > 0 ? [`${run.errors}× no answer`] : []) || 'none';
const meanRps = (runs: readonly SignInRun[]) => runs.reduce((sum, run) => sum + run.rps, 0) / runs.length;

/** Budget label and verdict; `unit` is a suffix or a formatter of the limit. */
type Budget = [string, boolean];
type Unit = string | ((limit: number) => string);
const label = (limit: number, unit: Unit) => (typeof unit === 'string' ? `${limit}${unit}` : unit(limit));
const atMost = (actual: number, limit: number, unit: Unit = ''): Budget => [`≤ ${label(limit, unit)}`, actual <= limit];
const atLeast = (actual: number, limit: number, unit: Unit = ''): Budget => [
  `≥ ${label(limit, unit)}`,
  actual >= limit,
];
const refreshes = (calls: Calls) => calls['sns/oauth2/refresh_token'];
const renewing = (calls: Calls): Budget => [
  '≤ 1 + 1 refresh',
  refreshes(calls) <= B.refreshesPerRenewingView &&
    totalCalls(calls) <= B.callsPerViewAfterTtl + B.refreshesPerRenewingView,
];
const renewed = (calls: Calls): Budget => [
  '≤ 1, no refresh',
  refreshes(calls) === 0 && totalCalls(calls) <= B.callsPerViewAfterTtl,
];

type Kind = Exclude<keyof BenchResult['runs'][number], 'memory'>;

export function toRows(r: BenchResult): Row[] {
  const rows: Row[] = [];
  let section = '';
  const row = (metric: string, value: string, [budget, pass]: Partial<Budget> = []) =>
    rows.push({ section, metric, value, budget, pass });
  const [run1, run2] = r.runs;
  const both = (kind: Kind, stat: 'rps' | 'p50' | 'p99' = 'rps') =>
    r.runs.map((run) => (stat === 'rps' ? rps : ms)(run[kind][stat])).join(' / ');
  const mean = (kind: Kind) => (run1[kind].rps + run2[kind].rps) / 2;

  section = 'sign-in';
  const { slowWeChatMs: slowMs, slow } = r;
  const injected = slowMs * B.callsPerUserinfoSignIn;
  row('callback req/s @16 conn, WeChat 0 ms (run 1 / run 2)', both('signIn16'));
  row(`callback req/s @16 conn, WeChat ${slowMs} ms`, rps(slow.signIn16.rps));
  const signInRuns = [run1.signIn16, run1.signIn1, run2.signIn16, run2.signIn1, slow.signIn1, slow.signIn16];
  row('statuses (all runs)', signInRuns.map((run) => counts(run.statuses)).join(' · '));
  for (const p of ['p50', 'p99'] as const) {
    const worst = Math.max(run1.signIn1[p], run2.signIn1[p]);
    row(`own overhead ${p} @1 conn, WeChat 0 ms`, both('signIn1', p), atMost(worst, B.signInOverheadMs[p], ' ms'));
  }
  for (const p of ['p50', 'p99'] as const) {
    const overhead = slow.signIn1[p] - injected;
    const metric = `own overhead ${p} @1 conn, WeChat ${slowMs} ms (− ${injected} ms)`;
    row(metric, ms(overhead), atMost(overhead, B.signInOverheadMs[p], ' ms'));
  }

  // The floor is the framework's trivial page of the same server (the 404 page: same layout, proxy and renderer,
  // nothing of the app's), so the share is what /profile itself costs; a JSON route handler skips the renderer.
  section = 'repeat view';
  const share = mean('profile') / mean('emptyPage');
  row('/profile req/s @16 conn (run 1 / run 2)', both('profile'));
  row('/profile p50 / p99 @16 conn (run 2)', latency(run2.profile));
  row('floor: trivial page (404) req/s @16 conn', both('emptyPage'));
  row('floor p50 / p99 @16 conn (run 2)', latency(run2.emptyPage));
  row('/profile share of the floor (mean of runs)', pct(share), atLeast(share, B.repeatViewShareOfFloor, pct));
  row('for context: route handler /api/health req/s', both('floor'));
  row('for context: /profile share of /api/health', pct(mean('profile') / mean('floor')));

  section = 'WeChat calls';
  const { calls: c, ttl0, keepAlive } = r;
  const calls = (metric: string, made: Calls, budget: (calls: Calls) => Budget) =>
    row(metric, callList(made), budget(made));
  const exactly = (n: number) => (made: Calls) => [`= ${n}`, totalCalls(made) === n] as Budget;
  calls('per snsapi_userinfo sign-in', c.userinfoSignIn, exactly(B.callsPerUserinfoSignIn));
  calls('per snsapi_base sign-in', c.baseSignIn, exactly(B.callsPerBaseSignIn));
  calls('per repeat view within the TTL', c.viewWithinTtl, exactly(B.callsPerViewWithinTtl));
  calls('per view after the TTL (TTL 0)', ttl0.viewAfterTtl, (made) =>
    atMost(totalCalls(made), B.callsPerViewAfterTtl),
  );
  calls('view with expired token, after the TTL', ttl0.expiredAfterTtl.renewingView, renewing);
  calls('… a later view with the renewed cookie (TTL 0)', ttl0.expiredAfterTtl.nextView, renewed);
  calls('view with expired token, within the TTL', c.expiredWithinTtl.renewingView, renewing);
  calls('… a later view with the renewed cookie (TTL 600 s)', c.expiredWithinTtl.nextView, exactly(0));
  const connections = `new connections per ${keepAlive.signIns} sequential sign-ins (stand-in)`;
  row(connections, String(keepAlive.connections), atMost(keepAlive.connections, B.connectionsPer100SignIns));
  row('… calls made in those sign-ins', callList(keepAlive.calls));

  section = 'page weight';
  for (const [page, { html, js, css, jsFiles, jsWithCompileHint }] of Object.entries(r.pages.weights)) {
    const hinted = `${jsFiles} files, ${jsWithCompileHint} with the compile hint`;
    row(`${page} HTML / JS (${hinted}) / CSS, gzip`, `${kb(html.gzip)} / ${kb(js.gzip)} / ${kb(css.gzip)}`);
    row(`${page} HTML / JS / CSS, brotli`, `${kb(html.brotli)} / ${kb(js.brotli)} / ${kb(css.brotli)}`);
  }
  const appJs = r.pages.weights['/profile']!.appJs.gzip;
  row('/profile JS beyond the 404 page, gzip', kb(appJs), atMost(appJs, B.profileAppJsBytes, kb));
  row('/profile fully rendered in the HTML', r.pages.fullyRendered ? 'yes' : 'no', ['yes', r.pages.fullyRendered]);

  section = 'server';
  const growth = run2.memory.rssAfterGcMb / run1.memory.rssAfterGcMb - 1;
  const mb = (m: Memory) =>
    `${m.rssMb.toFixed(0)} → ${m.rssAfterGcMb.toFixed(0)} MB (heap ${m.heapUsedMb.toFixed(0)} MB)`;
  row('cold start → first /profile answer (307)', ms(r.coldStart.firstAnswerMs));
  row('cold start → first rendered /profile', ms(r.coldStart.firstProfileMs));
  row('RSS at cold start', `${r.coldStart.rssMb.toFixed(0)} MB`);
  row('RSS after run 1 → after a full GC', mb(run1.memory));
  row('RSS after run 2 → after a full GC', mb(run2.memory));
  const rssAfterAll = Math.max(r.rssAfterAll.rssMb, r.rssAfterAll.rssAfterGcMb);
  row('RSS after the whole run (max of before/after GC)', mb(r.rssAfterAll), atMost(rssAfterAll, B.rssMb, ' MB'));
  const growthOk = growth < B.rssGrowthShare;
  row('retained RSS growth, run 2 over run 1 (after GC)', pct(growth, 1), [`< ${pct(B.rssGrowthShare)}`, growthOk]);

  section = 'Lighthouse';
  if (!r.lighthouse) row('mobile', 'skipped (--no-lighthouse)');
  for (const [page, l] of Object.entries(r.lighthouse ?? {})) {
    const runs = l.performanceRuns?.join(' / ');
    row(
      `${page} performance, median of ${runs}`,
      String(l.performance),
      atLeast(l.performance, B.lighthousePerformance),
    );
    const accessible = l.accessibility >= B.lighthouseAccessibility;
    row(`${page} accessibility`, String(l.accessibility), [`= ${B.lighthouseAccessibility}`, accessible]);
    row(`${page} best practices`, String(l.bestPractices), atLeast(l.bestPractices, B.lighthouseBestPractices));
    row(`${page} median run: LCP / TBT / CLS`, `${ms(l.lcpMs)} / ${ms(l.tbtMs)} / ${l.cls.toFixed(3)}`);
    row(`${page} audits not passed (median run)`, l.failing.join(', ') || 'none');
  }

  section = 'app vs seed';
  seedRows(r.seed, row);

  section = 'JS-SDK share card';
  const { config, cgiCalls, shareChunkGzip, profileAppJsOutsideWeChat: outside } = r.jssdk;
  const configRate = `${rps(config.rps)} (${latency(config)}) ${counts(config.statuses)}`;
  row('GET /api/wechat/jssdk-config req/s @10 conn (p50 / p99)', configRate);
  const cgi = [cgiCalls.stableToken, cgiCalls.getTicket];
  const cgiBudget = [B.jssdkStableTokenCalls, B.jssdkTicketCalls];
  row('stable_token / getticket calls for all of them', cgi.join(' / '), [
    cgiBudget.join(' / '),
    cgi.every((n, i) => n === cgiBudget[i]),
  ]);
  row('share card script (after the load event, in WeChat only), gzip', kb(shareChunkGzip));
  const outsideOk = outside.gzip <= B.profileAppJsOutsideWeChatBytes;
  row('/profile JS beyond the 404 page outside WeChat, gzip', kb(outside.gzip), ['0 KB', outsideOk]);
  return rows;
}

function seedRows(seed: BenchResult['seed'], row: (metric: string, value: string, budget?: Budget) => void): void {
  if ('skipped' in seed) return row('seed', `skipped — ${seed.skipped}`);
  if ('failed' in seed)
    return row('seed', `failed — ${seed.failed.replace(/\s+/g, ' ').slice(0, 160)}`, ['runs', false]);
  const ofCores = `of ${availableParallelism() * 100} %`;
  const cores = (c: CoreUse) =>
    `${[c.server, c.standIn, c.loadGenerator].map((n) => n.toFixed(0)).join(' / ')} % · ${c.machine.toFixed(0)} % ${ofCores}`;
  const rates = (runs: SignInRun[]) => runs.map((x) => `${rps(x.rps)}${x.ranOut ? ' (pool ran out)' : ''}`).join(' / ');
  for (const s of seed.settings) {
    const [at, ratio] = [`WeChat ${s.wechatMs} ms`, meanRps(s.app) / meanRps(s.seed)];
    row(`app sign-ins/s @16 conn, ${at} (run 1 / run 2)`, rates(s.app));
    row(`seed sign-ins/s @16 conn, ${at} (run 1 / run 2)`, rates(s.seed));
    const floor = B.appOverSeedSignInRate[s.wechatMs] ?? Number.NaN;
    row(
      `app / seed sign-ins/s, ${at} (means)`,
      ratio.toFixed(2),
      atLeast(ratio, floor, (n) => n.toFixed(1)),
    );
    row(`answers, ${at}: app · app · seed · seed`, [...s.app, ...s.seed].map(answers).join(' · '));
    row(`CPU, ${at}, app runs: server / stand-in / bench · machine`, cores(s.appCores));
    row(`CPU, ${at}, seed runs: server / stand-in / bench · machine`, cores(s.seedCores));
  }
  const timed = seed.settings.flatMap((s) => [...s.app, ...s.seed]);
  const fullest = timed.reduce((a, b) => (b.used / b.pool > a.used / a.pool ? b : a));
  const pools = ['none ran out', timed.every((x) => !x.ranOut)] as Budget;
  row('fullest pool of one-time requests (used / prepared)', `${fullest.used} / ${fullest.pool}`, pools);
  const { signIns, server, standIn, loadGenerator, runs, appFloor } = seed.cpu;
  const pair = ({ app, seed }: Record<'app' | 'seed', number>) => `${app.toFixed(2)} ms / ${seed.toFixed(2)} ms`;
  const cpuOk = server.app <= server.seed * B.appOverSeedCpuPerSignIn;
  const cpuMetric = `CPU per sign-in, app (tree) / seed (${signIns.app} / ${signIns.seed} sign-ins, 0 ms)`;
  row(cpuMetric, pair(server), ['app ≤ seed', cpuOk]);
  row('… stand-in CPU per sign-in, app / seed', pair(standIn));
  row('… bench (load generator) CPU per sign-in, app / seed', pair(loadGenerator));
  row('… answers: app · app · seed · seed', runs.map(answers).join(' · '));
  row('… for context: app server CPU per answer of /api/health (Next alone)', `${appFloor.toFixed(2)} ms`);
}
