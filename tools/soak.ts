/**
 * Soak test: the production build in mock mode with injected WeChat latency and faults, driven by concurrent full
 * sign-ins and reloads over loopback for a fixed time, then a report and a verdict.
 * Usage: npm run soak -- [--concurrency 50] [--duration 60] [--fault-rate 0.1] [--think 500] [--port 3390]
 * Needs a build (`npm run build`). Exits 1 when a target is missed, 2 when it could not run.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { PERSONAS, type Persona } from '../mocks/wechat/personas';
import { treeCpuMs, treeRssMb } from './lib/proc';
import { startNext, waitUntilReady } from './lib/server';

const { values: opts } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    'fault-rate': { type: 'string', default: '0.1' },
    // A person taps and reads between pages; 0 turns the clients into a closed-loop throughput test.
    think: { type: 'string', default: '500' },
    port: { type: 'string', default: '3390' },
  },
});
const [CONCURRENCY, DURATION_MS, THINK_MS] = [
  Number(opts.concurrency),
  Number(opts.duration) * 1000,
  Number(opts.think),
];
const FAULTS = 'busy,http-500,html,malformed,slow';
const LATENCY_MS = 50;
const TIMEOUT_MS = 2000; // WECHAT_TIMEOUT_MS: no answer may take longer than this and a second
const RELOADS = 3;
const ORIGIN = `http://127.0.0.1:${Number(opts.port)}`;
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN';
// Routes that call WeChat may answer 502/504 for an injected fault; nothing else may.
const CALLS_WECHAT = /^\/(auth\/wechat\/(callback|refresh)|profile)(\/|$)/;
const ID_PATTERN = /\bo(?:Mock|Snap)[A-Za-z0-9_-]{10,}/g;

const stats = {
  counting: false,
  byStatus: {} as Record<number, number>,
  unintended5xx: [] as string[],
  mismatches: [] as string[],
  slowest: { ms: 0, what: '' },
  durations: [] as number[],
  signIns: 0,
  faultPages: 0,
};

function record(path: string, status: number, ms: number, body: string): void {
  if (!stats.counting) return;
  stats.durations.push(ms);
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  if (ms > stats.slowest.ms) stats.slowest = { ms, what: `${status} ${path}` };
  if (status < 500) return;
  const ourPage = body.includes('<html lang="zh-CN">') && body.includes('重试');
  if ((status === 502 || status === 504) && CALLS_WECHAT.test(path) && ourPage) stats.faultPages++;
  else stats.unintended5xx.push(`${status} ${path}`);
}

class Client {
  private readonly jar = new Map<string, string>();
  constructor(readonly persona: Persona) {}

  async send(url: string, init: RequestInit = {}): Promise<{ status: number; location: string; body: string }> {
    if (stats.counting && THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
    const target = new URL(url, ORIGIN);
    if (target.origin !== ORIGIN) throw new Error(`off-site request refused: ${target.origin}`);
    const headers = new Headers({ 'user-agent': WECHAT_UA });
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const startedAt = performance.now();
    const signal = AbortSignal.timeout(TIMEOUT_MS + 10_000);
    const response = await fetch(target, { ...init, headers, redirect: 'manual', signal });
    const body = await response.text();
    for (const line of response.headers.getSetCookie()) {
      const [, name = '', value = ''] = /^([^=;]+)=([^;]*)/.exec(line) ?? [];
      if (/max-age=0/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    record(target.pathname, response.status, Math.round(performance.now() - startedAt), body);
    return { status: response.status, location: response.headers.get('location') ?? '', body };
  }

  async signIn(): Promise<boolean> {
    const start = await this.send('/auth/wechat?returnTo=%2Fprofile');
    if (start.status !== 302) return false;
    const authorize = new URL(start.location.replace(/#.*$/, ''), ORIGIN);
    if ((await this.send(authorize.toString())).status !== 200) return false;
    const form = new URLSearchParams(authorize.search);
    form.set('persona', this.persona.id);
    form.set('decision', 'allow');
    const confirmed = await this.send('/mock-wechat/connect/oauth2/authorize/confirm', { method: 'POST', body: form });
    if (confirmed.status !== 303 || !confirmed.location) return false;
    if ((await this.send(confirmed.location)).status !== 303) return false;
    stats.signIns++;
    return true;
  }

  /** /profile, following same-site redirects (it may pass through the refresh route) but not back to sign-in. */
  async profile(): Promise<{ status: number; body: string; path: string }> {
    let [answer, path] = [await this.send('/profile'), '/profile'];
    for (let hops = 0; hops < 5 && [302, 303, 307].includes(answer.status); hops++) {
      const next = new URL(answer.location || '/', ORIGIN);
      if (next.pathname === '/auth/wechat') break;
      [answer, path] = [await this.send(next.toString()), next.pathname];
    }
    return { ...answer, path };
  }

  /** The profile shows this persona's ids only; a snapshot user's openid is new each time, so the first seen counts. */
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
          const profile = await this.profile();
          if (profile.status !== 200 || profile.path !== '/profile') break;
          this.checkIdentity(profile.body, expected);
        }
        this.jar.clear();
      } catch (error) {
        stats.unintended5xx.push(`client error: ${(error as Error).name}`);
      }
    }
  }
}

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID')) {
    console.error('soak: no production build; run `npm run build` first');
    process.exit(2);
  }
  let serverLog = '';
  // --trace-gc: the live heap after each full collection tells a leak from a lazily collected heap.
  const server = startNext(
    Number(opts.port),
    {
      WECHAT_MOCK: '1',
      WECHAT_TIMEOUT_MS: String(TIMEOUT_MS),
      PROFILE_TTL_SECONDS: '0',
      MOCK_WECHAT_LATENCY_MS: String(LATENCY_MS),
      MOCK_WECHAT_FAULT_RATE: opts['fault-rate'],
      MOCK_WECHAT_FAULTS: FAULTS,
    },
    { nodeFlags: ['--trace-gc'], onOutput: (text) => (serverLog += text) },
  );
  const hardStop = setTimeout(() => {
    console.error('soak: hard time limit reached');
    process.exit(1); // the server is killed with the process (tools/lib/server.ts)
  }, DURATION_MS + 90_000);
  try {
    await waitUntilReady(server);
    // First requests load and compile each route: one quiet sign-in per persona before the clock starts.
    for (const persona of PERSONAS) await new Client(persona).signIn().catch(() => false);
    stats.counting = true;
    const rss = () => Math.round(treeRssMb(server.pid));
    const [cpuStart, rssStart, startedAt] = [treeCpuMs(server.pid), rss(), Date.now()];
    const memory = { start: rssStart, warm: 0, peak: rssStart, series: [] as number[] };
    const sampler = setInterval(() => {
      memory.peak = Math.max(memory.peak, rss());
      if ((Date.now() - startedAt) % 10_000 < 1000) memory.series.push(rss());
    }, 1000);
    const warm = setTimeout(() => (memory.warm = rss()), Math.min(10_000, DURATION_MS / 3));
    const clients = Array.from({ length: CONCURRENCY }, (_, i) => new Client(PERSONAS[i % PERSONAS.length]!));
    await Promise.all(clients.map((client) => client.run(startedAt + DURATION_MS)));
    clearInterval(sampler);
    clearTimeout(warm);
    const cpuSeconds = (treeCpuMs(server.pid) - cpuStart) / 1000;
    report({ ...memory, end: rss() }, cpuSeconds, (Date.now() - startedAt) / 1000, serverLog.split('\n'));
  } finally {
    clearTimeout(hardStop);
    await server.stop();
  }
}

function report(
  rss: Record<'start' | 'warm' | 'peak' | 'end', number> & { series: number[] },
  cpu: number,
  seconds: number,
  log: string[],
): void {
  const limit = TIMEOUT_MS + 1000;
  const sorted = [...stats.durations].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const some = (list: string[], shown: string[]) => `${list.length}${list.length ? ` (${shown.join('; ')})` : ''}`;
  const liveAfterFullGc = log
    .flatMap((line) => /Mark-Compact[^\n]*?->\s*([\d.]+)\s*\(/.exec(line)?.[1] ?? [])
    .map(Number);
  const loggedAs = (kind: string) => log.filter((line) => line.includes(`"${kind}"`)).length;
  console.log(
    [
      `soak: ${CONCURRENCY} clients, ${seconds.toFixed(1)} s, fault rate ${opts['fault-rate']} (${FAULTS}), latency ${LATENCY_MS} ms, think time ${THINK_MS} ms, WECHAT_TIMEOUT_MS ${TIMEOUT_MS}`,
      `requests:             ${stats.durations.length} (${(stats.durations.length / seconds).toFixed(0)}/s), sign-ins completed: ${stats.signIns}`,
      `outcomes by status:   ${Object.entries(stats.byStatus)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}`,
      `intended fault pages: ${stats.faultPages} (502/504 pages for injected WeChat faults)`,
      `unintended 5xx:       ${some(stats.unintended5xx, [...new Set(stats.unintended5xx)].slice(0, 10))}`,
      `identity mismatches:  ${some(stats.mismatches, stats.mismatches.slice(0, 5))}`,
      `answer times:         p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`,
      `slowest answer:       ${stats.slowest.ms} ms (${stats.slowest.what}); limit ${limit} ms`,
      `server RSS:           start ${rss.start} MB, after warm-up ${rss.warm} MB, peak ${rss.peak} MB, end ${rss.end} MB`,
      `server CPU:           ${cpu.toFixed(1)} s (${((cpu * 1000) / Math.max(1, stats.durations.length)).toFixed(1)} ms per request), machine load ${loadavg()[0]?.toFixed(1)}`,
      `server RSS every 10 s: ${rss.series.join(', ')} MB`,
      `live heap after each full GC: ${liveAfterFullGc.length ? `${liveAfterFullGc.join(', ')} MB` : 'no full GC ran'}`,
      `server log:           ${loggedAs('wechat_error')} wechat_error lines, ${loggedAs('unexpected_error')} unexpected_error lines`,
    ].join('\n'),
  );
  // RSS grows while V8 expands a lazily collected heap; a leak shows as a live heap that keeps climbing.
  const grown = rss.warm > 0 ? rss.end - rss.warm : 0;
  const half = Math.floor(liveAfterFullGc.length / 2);
  const liveFlat =
    liveAfterFullGc.length >= 4 &&
    Math.max(...liveAfterFullGc.slice(half)) <= Math.max(0, ...liveAfterFullGc.slice(0, half)) * 1.25 + 16;
  const flat = rss.warm === 0 || grown <= Math.max(64, rss.warm * 0.25) || liveFlat;
  const misses = [
    stats.unintended5xx.length > 0 && 'unintended 5xx',
    stats.mismatches.length > 0 && 'identity mismatches',
    stats.slowest.ms > limit && `an answer slower than ${limit} ms`,
    !flat && `memory grew ${grown} MB after warm-up`,
    stats.signIns === 0 && 'no sign-in completed',
  ].filter(Boolean);
  console.log(`result:               ${misses.length === 0 ? 'PASS' : `FAIL (${misses.join(', ')})`}`);
  process.exitCode = misses.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`soak: ${(error as Error).message}`);
  process.exit(2);
});
