/**
 * Soak test: starts the production build in mock mode with injected WeChat latency and faults, drives
 * concurrent full sign-ins and reloads over loopback for a fixed time, then reports what it saw.
 * Usage: npm run soak -- [--concurrency 50] [--duration 60] [--fault-rate 0.1] [--port 3390] [--think 500]
 * Needs a build (`npm run build`). Exits 1 when a target is missed, 2 when it could not run.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PERSONAS, type Persona } from '../mocks/wechat/personas';
import { cpuMs, treeRssMb } from './lib/proc';
import { startNext, waitUntilReady, type RunningServer } from './lib/server';

const { values: opts } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    'fault-rate': { type: 'string', default: '0.1' },
    faults: { type: 'string', default: 'busy,http-500,html,malformed,slow' },
    latency: { type: 'string', default: '50' },
    timeout: { type: 'string', default: '2000' },
    reloads: { type: 'string', default: '3' },
    'profile-ttl': { type: 'string', default: '0' },
    think: { type: 'string', default: '500' },
    'max-old-space': { type: 'string' },
    port: { type: 'string', default: '3390' },
  },
});

const CONCURRENCY = Number(opts.concurrency);
const DURATION_MS = Number(opts.duration) * 1000;
const TIMEOUT_MS = Number(opts.timeout);
const RELOADS = Number(opts.reloads);
// A person taps and reads between pages; 0 turns the clients into a closed-loop throughput test.
const THINK_MS = Number(opts.think);
const ORIGIN = `http://127.0.0.1:${Number(opts.port)}`;
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN';
// Routes that call WeChat may answer 502/504 for an injected fault; nothing else may.
const CALLS_WECHAT = /^\/(auth\/wechat\/(callback|refresh)|profile)(\/|$)/;
const ID_PATTERN = /\bo(?:Mock|Snap)[A-Za-z0-9_-]{10,}/g;

interface Stats {
  requests: number;
  byStatus: Map<string, number>;
  unintended5xx: string[];
  mismatches: string[];
  slowest: { ms: number; what: string };
  durations: number[];
  signIns: number;
  faultPages: number;
}

const stats: Stats = {
  requests: 0,
  byStatus: new Map(),
  unintended5xx: [],
  mismatches: [],
  slowest: { ms: 0, what: '' },
  durations: [],
  signIns: 0,
  faultPages: 0,
};

function startServer(): RunningServer {
  // --trace-gc: the live heap after each full collection tells a leak from a lazily collected heap.
  const nodeFlags = ['--trace-gc', ...(opts['max-old-space'] ? [`--max-old-space-size=${opts['max-old-space']}`] : [])];
  return startNext(
    Number(opts.port),
    {
      WECHAT_MOCK: '1',
      WECHAT_TIMEOUT_MS: String(TIMEOUT_MS),
      PROFILE_TTL_SECONDS: opts['profile-ttl'],
      MOCK_WECHAT_LATENCY_MS: opts.latency,
      MOCK_WECHAT_FAULT_RATE: opts['fault-rate'],
      MOCK_WECHAT_FAULTS: opts.faults,
    },
    { nodeFlags, onOutput: (text) => (serverLog += text) },
  );
}

let serverLog = '';
const treeRss = (pid: number): number => Math.round(treeRssMb(pid));

class Client {
  private readonly jar = new Map<string, string>();
  constructor(readonly persona: Persona) {}

  async send(url: string, init: RequestInit = {}): Promise<{ response: Response; body: string; path: string }> {
    if (counting && THINK_MS > 0) await new Promise((resolve) => setTimeout(resolve, THINK_MS * (0.5 + Math.random())));
    const target = new URL(url, ORIGIN);
    if (target.origin !== ORIGIN) throw new Error(`off-site request refused: ${target.origin}`);
    const headers = new Headers(init.headers);
    headers.set('user-agent', WECHAT_UA);
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const startedAt = performance.now();
    const response = await fetch(target, {
      ...init,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS + 10_000),
    });
    const body = await response.text();
    const ms = Math.round(performance.now() - startedAt);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (/max-age=0/i.test(line)) this.jar.delete(pair.slice(0, at));
      else this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    record(target.pathname, response.status, ms, body);
    return { response, body, path: target.pathname };
  }

  /** GET, following same-site redirects (the profile may pass through the refresh route). */
  async follow(url: string): Promise<{ response: Response; body: string; path: string }> {
    let answer = await this.send(url);
    for (let hops = 0; hops < 5 && [302, 303, 307].includes(answer.response.status); hops++) {
      const next = new URL(answer.response.headers.get('location') ?? '/', ORIGIN);
      if (next.pathname === '/auth/wechat') return answer;
      answer = await this.send(next.toString());
    }
    return answer;
  }

  async signIn(): Promise<boolean> {
    const start = await this.send('/auth/wechat?returnTo=%2Fprofile');
    const authorize = new URL((start.response.headers.get('location') ?? '').replace(/#.*$/, ''), ORIGIN);
    if (start.response.status !== 302) return false;
    const consent = await this.send(authorize.toString());
    if (consent.response.status !== 200) return false;
    const form = new URLSearchParams(authorize.search);
    form.set('persona', this.persona.id);
    form.set('decision', 'allow');
    const confirmed = await this.send('/mock-wechat/connect/oauth2/authorize/confirm', { method: 'POST', body: form });
    const back = confirmed.response.headers.get('location');
    if (confirmed.response.status !== 303 || !back) return false;
    const done = await this.send(back);
    if (done.response.status !== 303) return false;
    stats.signIns++;
    return true;
  }

  checkIdentity(body: string, expected: { openid?: string }): void {
    const ids = new Set(body.match(ID_PATTERN) ?? []);
    if (ids.size === 0) return void stats.mismatches.push(`${this.persona.id}: no openid on the profile`);
    const own = this.persona.snapshot
      ? (expected.openid ??= [...ids].sort((a, b) => a.length - b.length)[0])
      : this.persona.openid;
    const foreign = [...ids].filter((id) => id !== own && id !== `${own}U`);
    if (foreign.length > 0) stats.mismatches.push(`${this.persona.id} saw ${foreign.join(', ')}`);
  }

  async run(until: number): Promise<void> {
    while (Date.now() < until) {
      try {
        if (!(await this.signIn())) continue;
        const expected: { openid?: string } = {};
        for (let i = 0; i <= RELOADS && Date.now() < until; i++) {
          const profile = await this.follow('/profile');
          if (profile.response.status !== 200 || profile.path !== '/profile') break;
          this.checkIdentity(profile.body, expected);
        }
        this.jar.clear();
      } catch (error) {
        stats.unintended5xx.push(`client error: ${(error as Error).name}`);
      }
    }
  }
}

let counting = false;

function record(path: string, status: number, ms: number, body: string): void {
  if (!counting) return;
  stats.requests++;
  stats.durations.push(ms);
  stats.byStatus.set(String(status), (stats.byStatus.get(String(status)) ?? 0) + 1);
  if (ms > stats.slowest.ms) stats.slowest = { ms, what: `${status} ${path}` };
  if (status < 500) return;
  const ourPage = body.includes('<html lang="zh-CN">') && body.includes('重试');
  if ((status === 502 || status === 504) && CALLS_WECHAT.test(path) && ourPage) stats.faultPages++;
  else stats.unintended5xx.push(`${status} ${path}`);
}

async function main(): Promise<void> {
  if (!existsSync(join(process.cwd(), '.next', 'BUILD_ID'))) {
    console.error('soak: no production build; run `npm run build` first');
    process.exit(2);
  }
  const server = startServer();
  const hardStop = setTimeout(() => {
    console.error('soak: hard time limit reached');
    process.exit(1); // the server is killed with the process (tools/lib/server.ts)
  }, DURATION_MS + 90_000);
  try {
    await waitUntilReady(server);
    // First requests load and compile each route: one quiet sign-in per persona before the clock starts.
    for (const persona of PERSONAS) await new Client(persona).signIn().catch(() => false);
    counting = true;
    const cpuStart = cpuMs(server.pid) / 1000;
    const rssStart = treeRss(server.pid);
    const startedAt = Date.now();
    const until = startedAt + DURATION_MS;
    const clients = Array.from({ length: CONCURRENCY }, (_, i) => new Client(PERSONAS[i % PERSONAS.length] as Persona));
    let rssPeak = rssStart;
    const series: number[] = [];
    const sampler = setInterval(() => {
      const rss = treeRss(server.pid);
      rssPeak = Math.max(rssPeak, rss);
      if ((Date.now() - startedAt) % 10_000 < 1000) series.push(rss);
    }, 1000);
    let rssWarm = 0;
    const warm = setTimeout(() => (rssWarm = treeRss(server.pid)), Math.min(10_000, DURATION_MS / 3));
    await Promise.all(clients.map((client) => client.run(until)));
    clearInterval(sampler);
    clearTimeout(warm);
    const rssEnd = treeRss(server.pid);
    const cpu = cpuMs(server.pid) / 1000 - cpuStart;
    report({ cpu, rssStart, rssWarm, rssPeak, rssEnd, series, seconds: (Date.now() - startedAt) / 1000, serverLog });
  } finally {
    clearTimeout(hardStop);
    await server.stop();
  }
}

function report(run: {
  cpu: number;
  rssStart: number;
  rssWarm: number;
  rssPeak: number;
  rssEnd: number;
  series: number[];
  seconds: number;
  serverLog: string;
}): void {
  const limit = TIMEOUT_MS + 1000;
  const statuses = [...stats.byStatus]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  const logLines = run.serverLog.split('\n');
  const liveAfterFullGc = logLines
    .map((line) => /Mark-Compact[^\n]*?->\s*([\d.]+)\s*\(/.exec(line)?.[1])
    .filter((mb): mb is string => mb !== undefined)
    .map(Number);
  const unintended = [...new Set(stats.unintended5xx)].slice(0, 10);
  console.log(
    `soak: ${CONCURRENCY} clients, ${run.seconds.toFixed(1)} s, fault rate ${opts['fault-rate']} (${opts.faults}), latency ${opts.latency} ms, think time ${THINK_MS} ms, WECHAT_TIMEOUT_MS ${TIMEOUT_MS}`,
  );
  console.log(
    `requests:             ${stats.requests} (${(stats.requests / run.seconds).toFixed(0)}/s), sign-ins completed: ${stats.signIns}`,
  );
  console.log(`outcomes by status:   ${statuses}`);
  console.log(`intended fault pages: ${stats.faultPages} (502/504 pages for injected WeChat faults)`);
  console.log(
    `unintended 5xx:       ${stats.unintended5xx.length}${unintended.length ? ` (${unintended.join('; ')})` : ''}`,
  );
  console.log(
    `identity mismatches:  ${stats.mismatches.length}${stats.mismatches.length ? ` (${stats.mismatches.slice(0, 5).join('; ')})` : ''}`,
  );
  const sorted = [...stats.durations].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  console.log(`answer times:         p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`);
  console.log(`slowest answer:       ${stats.slowest.ms} ms (${stats.slowest.what}); limit ${limit} ms`);
  console.log(
    `server RSS:           start ${run.rssStart} MB, after warm-up ${run.rssWarm} MB, peak ${run.rssPeak} MB, end ${run.rssEnd} MB`,
  );
  console.log(
    `server CPU:           ${run.cpu.toFixed(1)} s (${((run.cpu * 1000) / Math.max(1, stats.requests)).toFixed(1)} ms per request), machine load ${loadavg()[0]?.toFixed(1)}`,
  );
  console.log(`server RSS every 10 s: ${run.series.join(', ')} MB`);
  console.log(
    `live heap after each full GC: ${liveAfterFullGc.length ? `${liveAfterFullGc.join(', ')} MB` : 'no full GC ran'}`,
  );
  // RSS grows while V8 expands a lazily collected heap; a leak shows as a live heap that keeps climbing.
  const grown = run.rssWarm > 0 ? run.rssEnd - run.rssWarm : 0;
  const secondHalf = liveAfterFullGc.slice(Math.floor(liveAfterFullGc.length / 2));
  const firstHalfMax = Math.max(0, ...liveAfterFullGc.slice(0, Math.floor(liveAfterFullGc.length / 2)));
  const liveFlat = liveAfterFullGc.length >= 4 && Math.max(...secondHalf) <= firstHalfMax * 1.25 + 16;
  const flat = run.rssWarm === 0 || grown <= Math.max(64, run.rssWarm * 0.25) || liveFlat;
  console.log(
    `server log:           ${logLines.filter((l) => l.includes('"wechat_error"')).length} wechat_error lines, ${logLines.filter((l) => l.includes('"unexpected_error"')).length} unexpected_error lines`,
  );
  const misses = [
    stats.unintended5xx.length > 0 && 'unintended 5xx',
    stats.mismatches.length > 0 && 'identity mismatches',
    stats.slowest.ms > limit && `an answer slower than ${limit} ms`,
    !flat && `memory grew ${grown} MB after warm-up`,
    stats.signIns === 0 && 'no sign-in completed',
  ].filter(Boolean);
  console.log(misses.length === 0 ? 'result:               PASS' : `result:               FAIL (${misses.join(', ')})`);
  process.exitCode = misses.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`soak: ${(error as Error).message}`);
  process.exit(2);
});
